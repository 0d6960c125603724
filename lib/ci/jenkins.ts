import { PROMETHEUS_PLUGIN } from './prometheus-plugin-facts';
import { SCRAPE_JOBS } from '../monitoring/scrape-jobs';
import { ScrapeTarget } from '../monitoring/scrape-target';
import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { AgentMode } from './agent-mode';
import { AGENT_POD_LABELS, agentPodTemplate, AgentPodTemplateProps, JnlpContainerProps } from './agent-pod-template';
import { AgentRbac } from './agent-rbac';
import { AGENT_IDENTITY, CONTROLLER_IDENTITY } from './identity';
import { renderJcasc } from './jcasc';
import { JenkinsController, JenkinsControllerProps } from './jenkins-controller';
import { JenkinsServices } from './jenkins-services';
import { PluginSource } from './plugins';
import { labelTree } from '../core/labels';
import { apiServerPeer, ApiServerEndpoints, ClusterNetworks, internetPeer } from '../network/cluster-peers';
import { NetworkFlow } from '../network/flow';
import { Peer, PodsPeer } from '../network/peer';
import { RoutingTable } from '../network/routing-table';
import { NamespaceQuota, NamespaceQuotaProps } from '../platform/namespace-quota';
import { NAMESPACE } from '../platform/stack-namespaces';
import { DeclaredSecret } from '../secrets/declared-secret';
import { SecretBootstrap } from '../secrets/secret-bootstrap';

/** Key of the admin password in the `jenkins-admin` Secret: also the JCasC variable name (secrets-directory mechanism). */
const ADMIN_PASSWORD_KEY = 'admin-password';

/**
 * What ingress-nginx must do differently for Jenkins: plugin and artifact uploads larger than
 * the 1m default, uploads streamed rather than buffered to disk, responses (console logs,
 * long polling) not buffered, and long-running requests not cut after 60 s.
 */
export const JENKINS_ROUTE_ANNOTATIONS: Readonly<Record<string, string>> = {
  'nginx.ingress.kubernetes.io/proxy-body-size': '50m',
  'nginx.ingress.kubernetes.io/proxy-request-buffering': 'off',
  'nginx.ingress.kubernetes.io/proxy-buffering': 'off',
  'nginx.ingress.kubernetes.io/proxy-read-timeout': '300',
  'nginx.ingress.kubernetes.io/proxy-send-timeout': '300',
};

/** The controller's settings (what the chart decides; Jenkins wires the rest). */
export type JenkinsControllerSettings = Pick<JenkinsControllerProps, 'image' | 'resources' | 'heapPercent' | 'storage' | 'startupProbeSeconds' | 'pathPrefix'> & {
  /** Id of the local admin user; its password is generated into the `jenkins-admin` Secret. */
  readonly adminUser: string;
};

/** A pod template of the cloud: everything but what all templates share. */
export type AgentTemplate = Omit<AgentPodTemplateProps, 'jnlp' | 'namespace' | 'serviceAccountName'>;

/** The dynamic agents. */
export interface JenkinsAgentsProps {
  /**
   * How agents connect back: over HTTP (WebSocket) or to the inbound TCP listener on 50000.
   * @default 'webSocket'
   */
  readonly mode?: AgentMode;
  /** Most agent pods running at once. */
  readonly containerCap: number;
  /** The `jnlp` container of every template. */
  readonly jnlp: JnlpContainerProps;
  /** Pod templates jobs select by label. */
  readonly templates: readonly AgentTemplate[];
  /** ResourceQuota and LimitRange of the agents namespace. */
  readonly quota: NamespaceQuotaProps['quota'];
}

/** Traffic to one destination outside the cluster. */
export interface JenkinsEgressRule {
  /** Readable name, used in policy names (`jenkins-to-<name>-egress`). */
  readonly name: string;
  /** Destination address ranges. */
  readonly cidrs: readonly string[];
  /** Destination TCP ports. */
  readonly ports: readonly number[];
  /**
   * Which side needs it.
   * @default - both
   */
  readonly from?: readonly ('controller' | 'agents')[];
}

/** Where the controller and the agents may connect outside the cluster. */
export interface JenkinsEgressProps {
  /**
   * Allow any destination outside the cluster (development only).
   * @default false
   */
  readonly internet?: boolean;
  /**
   * Declared destinations.
   * @default - none
   */
  readonly allow?: readonly JenkinsEgressRule[];
}

export interface JenkinsProps {
  /** The controller: image, resources, storage, probes, admin user, path prefix. */
  readonly controller: JenkinsControllerSettings;
  /** How plugins get into the controller. */
  readonly plugins: PluginSource;
  /** The dynamic agents: connection mode, templates, quota. */
  readonly agents: JenkinsAgentsProps;
  /**
   * Destinations outside the cluster.
   * @default - none: only the API server and in-cluster flows
   */
  readonly egress?: JenkinsEgressProps;
  /** The environment's routing table: Jenkins registers its public route (subdomain `jenkins`) here. */
  readonly routes: RoutingTable;
  /**
   * Serve Prometheus metrics through the `prometheus` plugin (which `plugins` must install): configures it
   * and declares {@link Jenkins.scrapeTarget}.
   * @default false
   */
  readonly prometheusMetrics?: boolean;
  /**
   * Cluster facts: API server endpoints and ports (the cloud and the secret bootstrap call it) and the
   * in-cluster networks internet egress excludes.
   */
  readonly cluster: ApiServerEndpoints & ClusterNetworks & { readonly apiServer: { readonly ports: readonly number[] } };
  /** Pinned image with kubectl and a POSIX shell, for the Job that generates the admin password. */
  readonly kubectlImage: string;
  /**
   * Namespace of the controller, its Services and the admin Secret.
   * @default NAMESPACE.ci
   */
  readonly namespace?: string;
  /**
   * Namespace agent pods run in, with their Role, ServiceAccount and ResourceQuota.
   * @default NAMESPACE.ciAgents
   */
  readonly agentNamespace?: string;
}

/**
 * Jenkins: the controller and its public route, the generated admin password, dynamic agents in
 * their own namespace (RBAC, quota, ServiceAccount), and every network flow on both sides.
 */
export class Jenkins extends Construct {
  /** Public URL of Jenkins (its location in JCasC). */
  public readonly publicUrl: string;
  /** The controller's Services: in-cluster addresses, ports and the controller pod peer. */
  public readonly services: JenkinsServices;
  /** The controller's Prometheus endpoint (`prometheusMetrics`). */
  public readonly scrapeTarget?: ScrapeTarget;

  constructor(scope: Construct, id: string, props: JenkinsProps) {
    super(scope, id);
    const { controller: { adminUser, ...controllerSettings }, agents: agentProps, cluster } = props;
    const namespace = props.namespace ?? NAMESPACE.ci;
    const agentNamespace = props.agentNamespace ?? NAMESPACE.ciAgents;
    const prefix = controllerSettings.pathPrefix ?? '';
    const egress = props.egress ?? {};

    const adminSecret = DeclaredSecret.generated({
      name: 'jenkins-admin',
      namespaces: [namespace],
      keys: { [ADMIN_PASSWORD_KEY]: { length: 32 } },
      description: `Password of the Jenkins user "${adminUser}", read by JCasC from the secrets directory.`,
    });
    new SecretBootstrap(this, 'secrets', { namespace, secrets: [adminSecret], image: props.kubectlImage, apiServer: { peer: apiServerPeer(cluster), ports: cluster.apiServer.ports }, partOf: CONTROLLER_IDENTITY.partOf });

    const controllerScope = new Construct(this, 'controller');
    const services = new JenkinsServices(controllerScope, 'services', { namespace, identity: CONTROLLER_IDENTITY, agentMode: agentProps.mode });
    this.services = services;
    this.publicUrl = props.routes.add({
      name: 'jenkins',
      subdomain: 'jenkins',
      path: `${prefix}/`,
      backend: { namespace, serviceName: services.http.name, servicePort: services.httpPort, pods: services.peer, podPort: services.httpPort },
      annotations: JENKINS_ROUTE_ANNOTATIONS,
      // The metrics endpoint has no authentication (see prometheusMetrics): Prometheus reaches the pod, nobody outside.
      internalPaths: props.prometheusMetrics ? [`${prefix}/${PROMETHEUS_PLUGIN.path}`] : [],
    });
    const serviceAccount = new k8s.KubeServiceAccount(controllerScope, 'service-account', {
      metadata: { name: services.http.name, namespace },
    });

    const agentScope = new Construct(this, 'agents');
    const rbac = new AgentRbac(agentScope, 'rbac', { agentNamespace, controllerServiceAccount: serviceAccount });
    new NamespaceQuota(agentScope, 'quota', { namespace: agentNamespace, quota: agentProps.quota });

    const jcasc = renderJcasc({
      adminUser,
      adminPasswordVariable: ADMIN_PASSWORD_KEY,
      publicUrl: this.publicUrl,
      prometheusMetrics: props.prometheusMetrics,
      cloud: {
        namespace: agentNamespace,
        jenkinsUrl: services.internalUrl(prefix),
        connection: services.agentConnection,
        containerCap: agentProps.containerCap,
        podLabels: AGENT_POD_LABELS,
        templates: agentProps.templates.map(template => agentPodTemplate({
          ...template, jnlp: agentProps.jnlp, namespace: agentNamespace, serviceAccountName: rbac.agentServiceAccount.name,
        })),
      },
    });
    new JenkinsController(controllerScope, 'jenkins', {
      ...controllerSettings, namespace, plugins: props.plugins, internetEgress: egress.internet, services, serviceAccount, jcasc, secrets: adminSecret,
    });

    if (props.prometheusMetrics) {
      this.scrapeTarget = {
        job: SCRAPE_JOBS.jenkins, peer: services.peer, discovery: 'pods', port: services.httpPort, path: `${prefix}/${PROMETHEUS_PLUGIN.path}/`,
      };
    }

    // Flows. Agents select by AGENT_POD_LABELS: the same constant the cloud puts on agent pods.
    const controller = services.peer;
    const agents = Peer.workload(AGENT_IDENTITY.name, agentNamespace, { ...AGENT_POD_LABELS });
    const agentPorts = [services.httpPort, ...(services.agentListenerPort ? [services.agentListenerPort] : [])];
    new NetworkFlow(controllerScope, 'agents-to-controller', { from: agents, to: controller, ports: agentPorts });
    new NetworkFlow(controllerScope, 'controller-to-apiserver', { from: controller, to: apiServerPeer(cluster), ports: cluster.apiServer.ports });
    allowEgress(controllerScope, 'controller', controller, egress, cluster);
    allowEgress(agentScope, 'agents', agents, egress, cluster);

    labelTree(agentScope, AGENT_IDENTITY);
    labelTree(controllerScope, CONTROLLER_IDENTITY);
  }
}

/** Flows from one side to the outside world: everything (development) or only the declared destinations of that side. */
function allowEgress(scope: Construct, side: 'controller' | 'agents', from: PodsPeer, egress: JenkinsEgressProps, cluster: ClusterNetworks): void {
  if (egress.internet) new NetworkFlow(scope, 'to-internet', { from, to: internetPeer(cluster) });
  for (const rule of (egress.allow ?? []).filter(r => (r.from ?? ['controller', 'agents']).includes(side))) {
    new NetworkFlow(scope, `to-${rule.name}`, { from, to: Peer.ipBlock(rule.name, rule.cidrs), ports: rule.ports });
  }
}
