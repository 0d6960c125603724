import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { AgentMode } from './agent-mode';
import { AgentConnection } from './jcasc';
import { AppIdentity, selectorLabels } from '../core/labels';
import { Peer, PodsPeer } from '../network/peer';
import { serviceHost } from '../network/service-host';

/** Jenkins' HTTP port (UI, API, WebSocket agents). */
const HTTP_PORT = 8080;
/** Jenkins' inbound TCP agent listener. */
const AGENT_LISTENER_PORT = 50000;

export interface JenkinsServicesProps {
  /** Namespace of the controller. */
  readonly namespace: string;
  /** The controller's identity: Services select its pods by name + instance. */
  readonly identity: AppIdentity;
  /**
   * `tcp` adds the agent listener Service; `webSocket` has no port 50000 anywhere.
   * @default 'webSocket'
   */
  readonly agentMode?: AgentMode;
}

/**
 * The controller's Services: a headless governing Service for the StatefulSet, a ClusterIP
 * Service for HTTP and, in TCP agent mode only, a Service for the agent listener. Every in-cluster
 * address of Jenkins (the cloud's `jenkinsUrl` and `jenkinsTunnel`) is derived from these objects.
 */
export class JenkinsServices extends Construct {
  /** Headless Service the StatefulSet is governed by. */
  public readonly headless: k8s.KubeService;
  /** ClusterIP Service for the UI, the API and WebSocket agents. */
  public readonly http: k8s.KubeService;
  /** ClusterIP Service for TCP agents; absent in WebSocket mode. */
  public readonly agent?: k8s.KubeService;
  /** Service port = container port of HTTP. */
  public readonly httpPort = HTTP_PORT;
  /** Service port = container port of the agent listener; absent in WebSocket mode. */
  public readonly agentListenerPort?: number;
  /** Who the controller pod is: its selector labels are `podLabels`. */
  public readonly identity: AppIdentity;
  /** Labels of the controller pod. */
  public readonly podLabels: Record<string, string>;
  /** The controller pod, for flows. */
  public readonly peer: PodsPeer;

  constructor(scope: Construct, id: string, props: JenkinsServicesProps) {
    super(scope, id);
    const name = props.identity.instance ?? props.identity.name;
    this.identity = props.identity;
    this.podLabels = selectorLabels(props.identity);
    this.peer = Peer.workload(name, props.namespace, this.podLabels);
    const httpPorts: k8s.ServicePort[] = [{ name: 'http', port: HTTP_PORT, targetPort: k8s.IntOrString.fromNumber(HTTP_PORT), protocol: 'TCP' }];

    this.headless = new k8s.KubeService(this, 'headless', {
      metadata: { name: `${name}-headless`, namespace: props.namespace },
      spec: { clusterIp: 'None', publishNotReadyAddresses: true, selector: this.podLabels, ports: httpPorts },
    });
    this.http = new k8s.KubeService(this, 'http', {
      metadata: { name, namespace: props.namespace },
      spec: { type: 'ClusterIP', selector: this.podLabels, ports: httpPorts },
    });
    if (props.agentMode === 'tcp') {
      this.agentListenerPort = AGENT_LISTENER_PORT;
      this.agent = new k8s.KubeService(this, 'agent', {
        metadata: { name: `${name}-agent`, namespace: props.namespace },
        spec: {
          type: 'ClusterIP', selector: this.podLabels,
          ports: [{ name: 'agent', port: AGENT_LISTENER_PORT, targetPort: k8s.IntOrString.fromNumber(AGENT_LISTENER_PORT), protocol: 'TCP' }],
        },
      });
    }
  }

  /** `jenkinsUrl` of the cloud: the HTTP Service's DNS name and port, with the path prefix and a trailing "/". */
  public internalUrl(pathPrefix = ''): string {
    return `http://${serviceHost(this.http)}:${this.httpPort}${pathPrefix}/`;
  }

  /** How the cloud's agents connect: in TCP mode, `jenkinsTunnel` is the agent Service's `host:port`. */
  public get agentConnection(): AgentConnection {
    if (!this.agent || this.agentListenerPort === undefined) return { mode: 'webSocket' };
    return { mode: 'tcp', tunnel: `${serviceHost(this.agent)}:${this.agentListenerPort}`, listenerPort: this.agentListenerPort };
  }
}
