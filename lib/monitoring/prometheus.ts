import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { ClusterAccess, READ_VERBS } from './cluster-access';
import { AlertmanagerTarget, renderPrometheusConfig } from './prometheus-config';
import { SCRAPE_JOBS } from './scrape-jobs';
import { ScrapeTarget } from './scrape-target';
import { DisruptionBudget } from '../core/disruption-budget';
import { contentHash } from '../core/hash';
import { AppIdentity, labelTree, selectorLabels } from '../core/labels';
import { CONFIG_HASH_ANNOTATION } from '../core/platform-keys';
import { toMebibytes } from '../core/quantity';
import { Resources, VolumeStorage } from '../core/resources';
import { PersistentStatefulSet } from '../core/stateful-set';
import { AntiAffinity, hostAntiAffinity } from '../core/scheduling';
import { workloadPod } from '../core/workload-pod';
import { NetworkFlow } from '../network/flow';
import { FlowPort, IpBlockPeer, Peer, PodsPeer } from '../network/peer';

/**
 * How the `quay.io/prometheus/prometheus` image behaves at the tag below, as read in
 * prometheus/prometheus at that tag. Tests check the render, and the environments' pins, against these facts.
 */
export const PROMETHEUS_IMAGE = {
  tag: 'v2.55.1',
  /** Dockerfile: `FROM quay.io/prometheus/busybox`, `USER nobody` (65534 in busybox's /etc/passwd), `chown -R nobody:nobody /prometheus`. */
  uid: 65534,
  /** Dockerfile: ENTRYPOINT /bin/prometheus, CMD --config.file=/etc/prometheus/prometheus.yml --storage.tsdb.path=/prometheus (we pass our own args). */
  configFile: '/etc/prometheus/prometheus.yml',
  dataDir: '/prometheus',
  port: 9090,
  /**
   * cmd/prometheus/main.go `--enable-feature` (features are off unless listed):
   * - `expand-external-labels` makes config.Load (config/config.go) replace `${VAR}` in external label values from
   *   the environment. Without it the text stays literal.
   * - `auto-gomemlimit` sets Go's GOMEMLIMIT to 90 % of the container's memory limit (`--auto-gomemlimit.ratio`
   *   default 0.9), so the garbage collector works harder before the kernel kills the pod.
   */
  featuresFlag: '--enable-feature=expand-external-labels,auto-gomemlimit',
  /** web/web.go: `/-/ready` answers 200 once the TSDB is open and the config loaded, `/-/healthy` while the process serves. */
  readyPath: '/-/ready',
  healthyPath: '/-/healthy',
} as const;

/** External label carrying the pod name: what tells the two series of an HA pair apart. */
export const REPLICA_LABEL = 'prometheus_replica';
/** Where rule files are mounted; `rule_files` globs it, so an empty ConfigMap is valid. */
export const RULES_DIR = '/etc/prometheus/rules';

export interface PrometheusProps {
  /** Namespace of every object of the component. */
  readonly namespace: string;
  /** StatefulSet, Service and ServiceAccount name; pods are `<name>-0..n`. @default 'prometheus' */
  readonly name?: string;
  /** Pinned Prometheus 2.x image (see PROMETHEUS_IMAGE). */
  readonly image: string;
  /** Identical servers, each scraping every target (no default: an environment choice). */
  readonly replicas: number;
  /** CPU request (and optional limit) and the memory limit. */
  readonly resources: Resources;
  /** Volume per replica. */
  readonly storage: VolumeStorage;
  /** `--storage.tsdb.retention.time`, a Prometheus duration. */
  readonly retentionTime: string;
  /** `--storage.tsdb.retention.size`, a Kubernetes quantity (rendered in MiB). */
  readonly retentionSize: string;
  /** @default '30s' */
  readonly scrapeInterval?: string;
  /** External labels besides the replica label, e.g. the cluster's name. @default - none */
  readonly externalLabels?: Readonly<Record<string, string>>;
  /** The endpoints to scrape (Prometheus adds its own): a job and a flow each. */
  readonly targets: readonly ScrapeTarget[];
  /** The API server: service discovery watches it (and the `kubernetes-apiservers` job scrapes it). */
  readonly apiServer: IpBlockPeer;
  /** The API server's ports. */
  readonly apiServerPorts: readonly number[];
  /** Where alerts go (a flow is opened to it). @default - nowhere */
  readonly alertmanager?: AlertmanagerTarget;
  /** Rule files by file name, mounted in RULES_DIR. @default - none */
  readonly ruleFiles?: Readonly<Record<string, string>>;
  /** @default 'preferred' */
  readonly antiAffinity?: AntiAffinity;
  /** Render a PodDisruptionBudget. @default - when replicas > 1 */
  readonly disruptionBudget?: boolean;
  /** `app.kubernetes.io/part-of`. */
  readonly partOf: string;
}

/**
 * Prometheus as a StatefulSet: a volume per replica (kept on delete and scale-down), a generated
 * prometheus.yml whose every scrape job comes with its NetworkFlow, Kubernetes service discovery
 * through a read-only ClusterRole, and a `prometheus_replica` external label per pod (dropped from
 * alerts, so Alertmanager deduplicates the pair).
 */
export class Prometheus extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly port = PROMETHEUS_IMAGE.port;
  public readonly service: k8s.KubeService;
  public readonly statefulSet: k8s.KubeStatefulSet;
  public readonly peer: PodsPeer;
  /** Every scrape target, Prometheus' own included. */
  public readonly targets: readonly ScrapeTarget[];
  /** The rendered prometheus.yml. */
  public readonly config: string;
  /** In-cluster URL, for Grafana. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: PrometheusProps) {
    super(scope, id);
    this.name = props.name ?? 'prometheus';
    this.namespace = props.namespace;
    const identity: AppIdentity = { name: 'prometheus', instance: this.name, component: 'metrics', partOf: props.partOf };
    const access = new ClusterAccess(this, 'access', {
      namespace: this.namespace,
      name: this.name,
      rules: [
        // Service discovery (pod, node, endpoints, endpointslice, service, ingress roles) and kubelet metrics.
        { apiGroups: [''], resources: ['nodes', 'nodes/metrics', 'services', 'endpoints', 'pods'], verbs: READ_VERBS },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ_VERBS },
        { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: READ_VERBS },
        // The API server's own metrics.
        { nonResourceUrLs: ['/metrics'], verbs: ['get'] },
      ],
    });

    const selector = selectorLabels(identity);
    this.peer = Peer.workload(this.name, this.namespace, selector);
    const self: ScrapeTarget = { job: SCRAPE_JOBS.prometheus, peer: this.peer, discovery: 'pods', port: this.port };
    this.targets = [...props.targets, self];

    this.config = renderPrometheusConfig({
      scrapeInterval: props.scrapeInterval ?? '30s',
      externalLabels: { ...props.externalLabels, [REPLICA_LABEL]: '${POD_NAME}' },
      targets: this.targets,
      alertmanagers: props.alertmanager,
      replicaLabels: [REPLICA_LABEL],
      ruleFiles: [`${RULES_DIR}/*.yaml`],
    });
    const configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: { name: `${this.name}-config`, namespace: this.namespace },
      data: { 'prometheus.yml': this.config },
    });
    const rules = new k8s.KubeConfigMap(this, 'rules', {
      metadata: { name: `${this.name}-rules`, namespace: this.namespace },
      data: { ...props.ruleFiles },
    });

    const http = (path: string, periodSeconds: number, failureThreshold: number): k8s.Probe => ({
      httpGet: { path, port: k8s.IntOrString.fromString('http') }, periodSeconds, failureThreshold, timeoutSeconds: 5,
    });
    const pod = workloadPod({
      identity,
      runAs: { user: PROMETHEUS_IMAGE.uid },
      fsGroup: PROMETHEUS_IMAGE.uid,
      serviceAccountName: access.serviceAccount.name,
      affinity: hostAntiAffinity(props.antiAffinity ?? 'preferred', selector),
      terminationGracePeriodSeconds: 300,
      annotations: { [CONFIG_HASH_ANNOTATION]: contentHash(this.config + JSON.stringify(props.ruleFiles ?? {})) },
      volumes: [
        { name: 'config', configMap: { name: configMap.name } },
        { name: 'rules', configMap: { name: rules.name } },
      ],
      containers: [{
        name: 'prometheus',
        image: props.image,
        args: [
          `--config.file=${PROMETHEUS_IMAGE.configFile}`,
          `--storage.tsdb.path=${PROMETHEUS_IMAGE.dataDir}`,
          `--storage.tsdb.retention.time=${props.retentionTime}`,
          // Prometheus' "MB" is 2^20 bytes (units.Base2Bytes).
          `--storage.tsdb.retention.size=${Math.floor(toMebibytes(props.retentionSize))}MB`,
          PROMETHEUS_IMAGE.featuresFlag,
        ],
        env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        ports: [{ name: 'http', containerPort: this.port, protocol: 'TCP' }],
        resources: props.resources,
        // Replaying a large WAL takes minutes after a restart: up to 15 before the kubelet gives up.
        startupProbe: http(PROMETHEUS_IMAGE.readyPath, 10, 90),
        readinessProbe: http(PROMETHEUS_IMAGE.readyPath, 10, 3),
        livenessProbe: http(PROMETHEUS_IMAGE.healthyPath, 15, 4),
        volumeMounts: [
          { name: 'config', mountPath: '/etc/prometheus/prometheus.yml', subPath: 'prometheus.yml', readOnly: true },
          { name: 'rules', mountPath: RULES_DIR, readOnly: true },
          { name: 'data', mountPath: PROMETHEUS_IMAGE.dataDir },
        ],
      }],
    });

    const ports = [{ name: 'http', port: this.port, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' }];
    const headless = new k8s.KubeService(this, 'headless', {
      metadata: { name: `${this.name}-headless`, namespace: this.namespace },
      spec: { clusterIp: 'None', selector: pod.selector, ports },
    });
    // The replicas scrape independently, so their samples differ slightly: a client (Grafana) sticks to one,
    // or graphs jump between them from one refresh to the next.
    this.service = new k8s.KubeService(this, 'service', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: { type: 'ClusterIP', selector: pod.selector, ports, sessionAffinity: 'ClientIP' },
    });
    this.url = `http://${this.service.name}.${this.namespace}.svc:${this.port}`;

    this.statefulSet = new PersistentStatefulSet(this, 'statefulset', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        serviceName: headless.name,
        replicas: props.replicas,
        // The replicas are independent: no reason to start them one by one.
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: pod.selector },
        template: pod.template,
      },
      claims: [{ name: 'data', storage: props.storage }],
    });
    if (props.disruptionBudget ?? props.replicas > 1) {
      new DisruptionBudget(this, 'pdb', { workload: this.statefulSet, selector: pod.selector });
    }

    const flows = new Construct(this, 'flows');
    new NetworkFlow(flows, 'apiserver', { from: this.peer, to: props.apiServer, ports: props.apiServerPorts });
    for (const t of this.targets.filter(t => t.discovery === 'apiServer')) {
      if (!props.apiServerPorts.includes(t.port)) throw new Error(`scrape target ${t.job}: port ${t.port} is not one of the API server ports ${props.apiServerPorts.join(', ')}`);
    }
    // One flow per destination, with every port Prometheus scrapes or alerts there.
    const destinations = [
      ...this.targets.filter(t => t.discovery !== 'apiServer').map(t => ({ what: `scrape target ${t.job}`, peer: t.peer, port: t.port })),
      ...props.alertmanager ? [{ what: 'alertmanager', peer: props.alertmanager.pods, port: props.alertmanager.port }] : [],
    ];
    for (const [peerName, group] of groupByPeer(destinations)) {
      new NetworkFlow(flows, peerName, { from: this.peer, to: group.peer, ports: group.ports });
    }
    labelTree(this, identity);
  }
}

/** Destinations by peer, with the union of their ports: one flow per peer. */
function groupByPeer(destinations: readonly { what: string; peer: Peer; port: number }[]): Map<string, { peer: Peer; ports: FlowPort[] }> {
  const groups = new Map<string, { peer: Peer; ports: FlowPort[] }>();
  for (const d of destinations) {
    const group = groups.get(d.peer.name) ?? { peer: d.peer, ports: [] };
    if (JSON.stringify(group.peer) !== JSON.stringify(d.peer)) throw new Error(`${d.what}: two different peers are named "${d.peer.name}"`);
    if (!group.ports.some(p => p.port === d.port)) group.ports.push({ port: d.port });
    groups.set(d.peer.name, group);
  }
  return groups;
}
