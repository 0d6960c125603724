import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { ClusterAccess } from './cluster-access';
import { SCRAPE_JOBS } from './scrape-jobs';
import { ScrapeTarget } from './scrape-target';
import { AppIdentity, labelTree, selectorLabels } from '../core/labels';
import { Resources } from '../core/resources';
import { workloadPod } from '../core/workload-pod';
import { IpBlockPeer, Peer, PodsPeer } from '../network/peer';
import { NetworkFlow } from '../network/flow';

/**
 * How the `registry.k8s.io/kube-state-metrics/kube-state-metrics` image behaves at the tag below (the
 * release its compatibility matrix pairs with Kubernetes 1.27), as read in kubernetes/kube-state-metrics
 * at that tag. Tests check the render, and the environments' pins, against these facts.
 */
export const KUBE_STATE_METRICS_IMAGE = {
  tag: 'v2.10.1',
  /** Dockerfile: distroless static, `USER nobody` (65534). */
  uid: 65534,
  /** Dockerfile: ENTRYPOINT `--port=8080 --telemetry-port=8081`. */
  port: 8080,
  telemetryPort: 8081,
  /**
   * pkg/app/server.go (buildMetricsServer): `/healthz` on the metrics port answers 200 once the
   * server listens, which is after the stores are built. This version has no `/readyz` or `/livez`.
   */
  healthzPath: '/healthz',
} as const;

/**
 * The resources exported (`--resources`), by API group: only what the rules and dashboards use, so
 * the ClusterRole never reads Secrets or ConfigMaps (both in the image's defaults,
 * pkg/options/resource.go). Keys are the API groups, values the resource names KSM and RBAC share.
 */
export const KUBE_STATE_METRICS_RESOURCES: Readonly<Record<string, readonly string[]>> = {
  '': ['nodes', 'namespaces', 'pods', 'services', 'persistentvolumeclaims', 'persistentvolumes'],
  apps: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'],
  batch: ['jobs', 'cronjobs'],
  autoscaling: ['horizontalpodautoscalers'],
  policy: ['poddisruptionbudgets'],
};

export interface KubeStateMetricsProps {
  /** Namespace of every object of the component. */
  readonly namespace: string;
  /** @default 'kube-state-metrics' */
  readonly name?: string;
  /** Pinned kube-state-metrics image (see KUBE_STATE_METRICS_IMAGE). */
  readonly image: string;
  /** CPU request (and optional limit) and the memory limit. */
  readonly resources: Resources;
  /** The API server it lists and watches. */
  readonly apiServer: IpBlockPeer;
  /** Ports of the API server endpoints (after Service translation), for its egress policy. */
  readonly apiServerPorts: readonly number[];
  /** `app.kubernetes.io/part-of`. */
  readonly partOf: string;
}

/**
 * kube-state-metrics as a one-replica Deployment (a second would only export every series twice),
 * with a ClusterRole of list/watch on exactly the resources it exports.
 */
export class KubeStateMetrics extends Construct {
  public readonly deployment: k8s.KubeDeployment;
  public readonly peer: PodsPeer;
  public readonly scrapeTarget: ScrapeTarget;

  constructor(scope: Construct, id: string, props: KubeStateMetricsProps) {
    super(scope, id);
    const name = props.name ?? 'kube-state-metrics';
    const identity: AppIdentity = { name: 'kube-state-metrics', instance: name, component: 'metrics', partOf: props.partOf };
    const access = new ClusterAccess(this, 'access', {
      namespace: props.namespace,
      name,
      rules: Object.entries(KUBE_STATE_METRICS_RESOURCES).map(([group, resources]) => ({ apiGroups: [group], resources: [...resources], verbs: ['list', 'watch'] })),
    });
    const image = KUBE_STATE_METRICS_IMAGE;
    const pod = workloadPod({
      identity,
      runAs: { user: image.uid },
      serviceAccountName: access.serviceAccount.name,
      containers: [{
        name: 'kube-state-metrics',
        image: props.image,
        // The entrypoint sets the ports; these arguments are appended to it.
        args: [`--resources=${Object.values(KUBE_STATE_METRICS_RESOURCES).flat().sort().join(',')}`],
        ports: [
          { name: 'http-metrics', containerPort: image.port, protocol: 'TCP' },
          { name: 'telemetry', containerPort: image.telemetryPort, protocol: 'TCP' },
        ],
        resources: props.resources,
        readinessProbe: { httpGet: { path: image.healthzPath, port: k8s.IntOrString.fromString('http-metrics') }, periodSeconds: 10, timeoutSeconds: 5 },
        livenessProbe: { httpGet: { path: image.healthzPath, port: k8s.IntOrString.fromString('http-metrics') }, periodSeconds: 20, timeoutSeconds: 5 },
      }],
    });
    this.peer = Peer.workload(name, props.namespace, selectorLabels(identity));
    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name, namespace: props.namespace },
      spec: { replicas: 1, selector: { matchLabels: pod.selector }, template: pod.template },
    });
    // Its series carry the namespace and pod of the objects they describe.
    this.scrapeTarget = { job: SCRAPE_JOBS.kubeStateMetrics, peer: this.peer, discovery: 'pods', port: image.port, honorLabels: true };
    new NetworkFlow(this, 'apiserver', { from: this.peer, to: props.apiServer, ports: props.apiServerPorts });
    labelTree(this, identity);
  }
}
