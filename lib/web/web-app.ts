import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { AppConfig } from './app-config';
import { CONFIG_HASH_ANNOTATION } from '../core/platform-keys';
import { Autoscaler, AutoscalingOptions } from './autoscaler';
import { colourLabels, Delivery, servingLabels, standbyColour, Track, trackLabels, tracksOf } from './delivery';
import { DisruptionBudget } from '../core/disruption-budget';
import { HTTP_PORT_NAME, webPodTemplate } from './web-pod';
import { PLATFORM_DOMAIN } from '../core/platform-keys';
import { WorkloadContainer } from '../core/workload-pod';
import { SCRAPE_JOBS } from '../monitoring/scrape-jobs';
import { ScrapeTarget } from '../monitoring/scrape-target';
import { Resources } from '../core/resources';
import { AppIdentity, labelTree, selectorLabels } from '../core/labels';
import { RunAs } from '../core/security';
import { NetworkFlow, NetworkFlowProps } from '../network/flow';
import { FlowPort, Peer, PodsPeer } from '../network/peer';
import { RouteBackend, RoutingTable } from '../network/routing-table';

/** A fixed replica count, or an HPA that owns it. */
export type WebAppScaling = { readonly replicas: number } | { readonly autoscaling: AutoscalingOptions };

/** A party the app accepts connections from. */
export interface WebAppInboundFlow {
  /** Who connects. */
  readonly peer: Peer;
  /** Ports of the app's pods it may reach. @default - the app's container port */
  readonly ports?: readonly (number | FlowPort)[];
}

/** A party the app opens connections to. */
export interface WebAppOutboundFlow {
  /** Who is connected to. */
  readonly peer: Peer;
  /** Ports on the peer (on its pods, not a Service): at least one, as a flow without ports opens every port. */
  readonly ports: readonly [number | FlowPort, ...(number | FlowPort)[]];
}

/** Where the app is published. */
export interface WebAppRoute {
  /** The environment's routing table. */
  readonly table: RoutingTable;
  /** Host `<subdomain>.<domain>`. */
  readonly subdomain: string;
  /** Path prefix the app serves under. @default '/' */
  readonly path?: string;
  /** ingress-nginx annotations for this app. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Pod label of every app that serves Prometheus metrics: one scrape target selects them all. */
export const WEB_METRICS_LABEL = `${PLATFORM_DOMAIN}/web-metrics`;

/** A metrics exporter beside the app's container (e.g. nginx's stub_status exporter). */
export interface WebAppMetrics {
  /** The exporter container, in every pod of the app. */
  readonly sidecar: WorkloadContainer;
  /** Its metrics port: a container port of `sidecar`. */
  readonly port: number;
}

/**
 * The `web-apps` scrape target: pods of every app in `namespace` with metrics, on `port`. Apps share it
 * (one job, one flow), so they must serve their metrics on the same port.
 */
export function webAppsScrapeTarget(namespace: string, port: number): ScrapeTarget {
  return {
    job: SCRAPE_JOBS.webApps,
    peer: Peer.workload(SCRAPE_JOBS.webApps, namespace, { [WEB_METRICS_LABEL]: 'true' }),
    discovery: 'pods',
    port,
  };
}

export interface WebAppProps {
  /** App name: object names and `app.kubernetes.io/name`. */
  readonly name: string;
  /** Namespace of every object of the app. */
  readonly namespace: string;
  /** `app.kubernetes.io/part-of`. @default 'apps' */
  readonly partOf?: string;
  /** `app.kubernetes.io/component`. @default 'web' */
  readonly component?: string;
  /** Image(s) and how a new version is released. */
  readonly delivery: Delivery;
  /** Replica count or HPA bounds (of the serving Deployment in canary mode, of each colour in blue-green mode). */
  readonly scaling: WebAppScaling;
  /** CPU request and optional limit; memory is the limit, and the request unless `memoryRequest` is set. */
  readonly resources: Resources;
  /** Numeric UID/GID the image runs as (`runAsNonRoot` needs a number to verify). */
  readonly runAs: RunAs;
  /** Container port, named `http`. @default 8080 */
  readonly port?: number;
  /** Service port. @default 80 */
  readonly servicePort?: number;
  /** Path the readiness and liveness probes request. @default '/healthz' */
  readonly probePath?: string;
  /** Overrides the image's entrypoint. @default - the image's */
  readonly command?: readonly string[];
  /** Arguments to the entrypoint. @default - the image's */
  readonly args?: readonly string[];
  /** Configuration files by absolute path, from the app's ConfigMap. @default - none */
  readonly configFiles?: Readonly<Record<string, string>>;
  /** Environment variables, from the app's ConfigMap. @default - none */
  readonly configEnv?: Readonly<Record<string, string>>;
  /** Paths the app writes to (emptyDir each: the root filesystem is read-only). @default ['/tmp'] */
  readonly writablePaths?: readonly string[];
  /** Command run before SIGTERM so the ingress controller drops the endpoint first (needs a shell in the image). @default - none */
  readonly preStop?: readonly string[];
  /** Spread pods over nodes (required) and zones (preferred). @default false */
  readonly highlyAvailable?: boolean;
  /** `maxSurge` of rolling updates. @default '25%' */
  readonly maxSurge?: string;
  /** Seconds a new pod must be ready before it counts as available. @default 5 */
  readonly minReadySeconds?: number;
  /** ReplicaSets kept for `kubectl rollout undo`. @default 10 */
  readonly revisionHistoryLimit?: number;
  /** Public route. @default - not published */
  readonly route?: WebAppRoute;
  /** A metrics exporter sidecar; its pods then carry {@link WEB_METRICS_LABEL}. @default - no metrics */
  readonly metrics?: WebAppMetrics;
  /** Extra callers besides the ingress controller (more with `allowFrom()`). @default - none */
  readonly allowFrom?: readonly WebAppInboundFlow[];
  /** Destinations besides DNS (more with `allowTo()`). @default - none */
  readonly allowTo?: readonly WebAppOutboundFlow[];
}

/**
 * A stateless HTTP service with production defaults: pinned image, config from a ConfigMap with a
 * hash that rolls the pods, probes, resources, `restricted` security with a read-only root,
 * zero-downtime rolling updates, HPA or fixed replicas, a PDB whenever more than one replica can
 * run, a Service with a named port, its network flows and its route. `delivery` picks rolling,
 * canary or blue-green releases.
 */
export class WebApp extends Construct {
  /** The Service that receives the app's traffic (selects the stable track or the active colour). */
  public readonly service: k8s.KubeService;
  /** Deployments by suffix ('' for the stable one; '-canary', '-blue', '-green'). */
  public readonly deployments: ReadonlyMap<string, k8s.KubeDeployment>;
  /** HPAs by Deployment suffix. */
  public readonly autoscalers: ReadonlyMap<string, Autoscaler>;
  /** All pods of the app (every track and colour, selected by name and instance only), for flows. */
  public readonly pods: PodsPeer;
  /** Public URL, when routed. */
  public readonly url?: string;
  /** Where Prometheus scrapes the app's metrics sidecar, when it has one. */
  public readonly scrapeTarget?: ScrapeTarget;

  private readonly identity: AppIdentity;
  /** Container port: where inbound flows go unless they name ports. */
  private readonly port: number;
  private inboundFlows = 0;
  private outboundFlows = 0;

  constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id);
    const { name, namespace } = props;
    const port = props.port ?? 8080;
    this.port = port;
    this.identity = { name, component: props.component ?? 'web', partOf: props.partOf ?? 'apps' };
    this.pods = Peer.workload(name, namespace, selectorLabels(this.identity));
    const selector = { ...this.pods.podLabels };

    const config = new AppConfig(this, 'config', { name: `${name}-config`, namespace, files: props.configFiles, env: props.configEnv });

    const deployments = new Map<string, k8s.KubeDeployment>();
    const autoscalers = new Map<string, Autoscaler>();
    for (const track of tracksOf(props.delivery)) {
      const trackSelector = { ...selector, ...track.labels };
      const deployment = this.deployment(track, trackSelector, config, props, port);
      deployments.set(track.suffix, deployment);
      const scaling: WebAppScaling = track.fixedReplicas === undefined ? props.scaling : { replicas: track.fixedReplicas };
      if ('autoscaling' in scaling) {
        autoscalers.set(track.suffix, new Autoscaler(this, `hpa${track.suffix}`, { deployment, ...scaling.autoscaling }));
      }
      const maxReplicas = 'autoscaling' in scaling ? scaling.autoscaling.maxReplicas : scaling.replicas;
      if (maxReplicas > 1) new DisruptionBudget(this, `pdb${track.suffix}`, { workload: deployment, selector: trackSelector });
    }
    this.deployments = deployments;
    this.autoscalers = autoscalers;
    if (props.metrics) {
      const { sidecar, port: metricsPort } = props.metrics;
      if (!sidecar.ports?.some(p => p.containerPort === metricsPort)) throw new Error(`WebApp ${name}: metrics port ${metricsPort} is not a port of the sidecar ${sidecar.name}`);
      this.scrapeTarget = webAppsScrapeTarget(namespace, metricsPort);
    }

    const servicePort = props.servicePort ?? 80;
    this.service = this.serviceFor(name, { ...selector, ...servingLabels(props.delivery) }, servicePort);
    const backend = (service: k8s.KubeService): RouteBackend => ({
      namespace, serviceName: service.name, servicePort, pods: this.pods, podPort: port,
    });

    const { delivery } = props;
    let canaryService: k8s.KubeService | undefined;
    if (delivery.mode === 'canary') {
      canaryService = this.serviceFor(`${name}-canary`, { ...selector, ...trackLabels('canary') }, servicePort);
    } else if (delivery.mode === 'blueGreen') {
      // The standby colour, reachable in the cluster for smoke tests before a switch.
      this.serviceFor(`${name}-preview`, { ...selector, ...colourLabels(standbyColour(delivery.active)) }, servicePort);
    }

    if (props.route) {
      const { table } = props.route;
      this.url = table.add({ name, subdomain: props.route.subdomain, path: props.route.path, backend: backend(this.service), annotations: props.route.annotations });
      if (canaryService && delivery.mode === 'canary') table.addCanary({ of: name, backend: backend(canaryService), weight: delivery.weight });
    }

    labelTree(this, this.identity);
    for (const flow of props.allowFrom ?? []) this.allowFrom(flow);
    for (const flow of props.allowTo ?? []) this.allowTo(flow);
  }

  /** Lets `flow.peer` connect to the app's pods (policies on each managed side). */
  public allowFrom(flow: WebAppInboundFlow): NetworkFlow {
    return this.flow(`from-${this.inboundFlows++}`, { from: flow.peer, to: this.pods, ports: flow.ports ?? [this.port] });
  }

  /** Lets the app's pods connect to `flow.peer` (policies on each managed side). */
  public allowTo(flow: WebAppOutboundFlow): NetworkFlow {
    return this.flow(`to-${this.outboundFlows++}`, { from: this.pods, to: flow.peer, ports: flow.ports });
  }

  private flow(id: string, props: NetworkFlowProps): NetworkFlow {
    const flow = new NetworkFlow(this, id, props);
    // Flows may be added after the constructor has labelled the rest.
    labelTree(flow, this.identity);
    return flow;
  }

  private deployment(track: Track, trackSelector: Record<string, string>, config: AppConfig, props: WebAppProps, port: number): k8s.KubeDeployment {
    const replicas = track.fixedReplicas ?? ('replicas' in props.scaling ? props.scaling.replicas : undefined);
    return new k8s.KubeDeployment(this, `deployment${track.suffix}`, {
      metadata: { name: `${props.name}${track.suffix}`, namespace: props.namespace, labels: { ...track.labels } },
      spec: {
        // Left unset when an HPA owns the count: every apply would otherwise reset it.
        replicas,
        revisionHistoryLimit: props.revisionHistoryLimit ?? 10,
        minReadySeconds: props.minReadySeconds ?? 5,
        strategy: {
          type: 'RollingUpdate',
          // Surge first, never go below the desired count.
          rollingUpdate: { maxSurge: k8s.IntOrString.fromString(props.maxSurge ?? '25%'), maxUnavailable: k8s.IntOrString.fromNumber(0) },
        },
        selector: { matchLabels: trackSelector },
        template: webPodTemplate({
          identity: this.identity,
          extraLabels: { ...track.labels, ...props.metrics && { [WEB_METRICS_LABEL]: 'true' } },
          annotations: { [CONFIG_HASH_ANNOTATION]: config.hash },
          image: track.image,
          command: props.command,
          args: props.args,
          port,
          probePath: props.probePath ?? '/healthz',
          resources: props.resources,
          runAs: props.runAs,
          env: config.env,
          volumes: config.volumes,
          volumeMounts: config.volumeMounts,
          writablePaths: props.writablePaths ?? ['/tmp'],
          preStop: props.preStop,
          spreadBy: props.highlyAvailable ? trackSelector : undefined,
          sidecars: props.metrics && [props.metrics.sidecar],
        }),
      },
    });
  }

  private serviceFor(serviceName: string, podSelector: Record<string, string>, servicePort: number): k8s.KubeService {
    return new k8s.KubeService(this, `service-${serviceName}`, {
      metadata: { name: serviceName, namespace: this.pods.namespace },
      spec: {
        type: 'ClusterIP',
        selector: podSelector,
        ports: [{ name: HTTP_PORT_NAME, port: servicePort, targetPort: k8s.IntOrString.fromString(HTTP_PORT_NAME), protocol: 'TCP' }],
      },
    });
  }
}
