import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import {
  ELASTICSEARCH_IMAGE, ES_CA_FILE, ES_CERTS_DIR, ES_CONFIG_DIR, ES_HOME, ES_LOGS_DIR, GC_LOG, GC_LOG_OPTIONS_FILE,
  elasticsearchSettings, gcLogOptions, javaHeapOptions, logsVolumeMebibytes,
} from './elasticsearch-config';
import { DEFAULT_HEAP_PERCENT, ElasticsearchRole, elasticsearchHeapMebibytes, VmMaxMapCountMode } from './elasticsearch-facts';
import { SnapshotStorage, snapshotPodParts } from './snapshots';
import { DisruptionBudget } from '../core/disruption-budget';
import { contentHash } from '../core/hash';
import { AppIdentity, labelTree, selectorLabels } from '../core/labels';
import { CONFIG_HASH_ANNOTATION } from '../core/platform-keys';
import { helperResources, Resources, VolumeStorage } from '../core/resources';
import { PersistentStatefulSet } from '../core/stateful-set';
import { AntiAffinity, hostAntiAffinity, zoneSpread } from '../core/scheduling';
import { WorkloadContainer, workloadPod } from '../core/workload-pod';
import { Peer, PodsPeer } from '../network/peer';
import { serviceHost } from '../network/service-host';
import { PodSecurityLevel } from '../core/pod-security';
import { DeclaredSecret } from '../secrets/declared-secret';
import { Certificate, IssuerRef } from '../tls/certificate';

/** The image's user and group; other pods running the image use it too. */
export const ES_USER = ELASTICSEARCH_IMAGE.uid;
/** The minimum `vm.max_map_count` of Elasticsearch's bootstrap check. */
export const VM_MAX_MAP_COUNT = 262144;

export interface ElasticsearchProps {
  /** Namespace of every object (StatefulSet, Services, ConfigMap, Certificate, PDB). */
  readonly namespace: string;
  /**
   * Name of the StatefulSet and client Service; pods are `<name>-0..n`, the headless Service `<name>-headless`.
   * @default 'elasticsearch'
   */
  readonly name?: string;
  /** `cluster.name`. @default 'logging' */
  readonly clusterName?: string;
  /** Pinned Elasticsearch 8.x image. */
  readonly image: string;
  /** Master-eligible nodes; 1 runs `discovery.type: single-node`. */
  readonly replicas: number;
  /** `node.roles`. @default ['master', 'data', 'ingest'] */
  readonly roles?: readonly ElasticsearchRole[];
  /** CPU and memory per node; the heap is derived from memory. */
  readonly resources: Resources;
  /** Heap as a percentage of the memory limit. @default 50 */
  readonly heapPercent?: number;
  /** Size and class of each node's data volume. */
  readonly storage: VolumeStorage;
  /** How the vm.max_map_count bootstrap check is met (see `elasticsearchPodSecurity`). */
  readonly vmMaxMapCount: VmMaxMapCountMode;
  /** How strictly nodes avoid sharing a Kubernetes node. @default 'preferred' */
  readonly antiAffinity?: AntiAffinity;
  /** Spread nodes over zones (best effort). @default false */
  readonly zoneSpread?: boolean;
  /**
   * Render a PodDisruptionBudget (one node at a time; a not-ready node is only evicted while the
   * others are all ready). @default - when replicas > 1
   */
  readonly disruptionBudget?: boolean;
  /** Issuer of the transport/HTTP certificate; TLS is off when absent. @default - no TLS */
  readonly tlsIssuer?: IssuerRef;
  /** The `elastic` superuser's password (key `password`). */
  readonly elasticPassword: DeclaredSecret;
  /** Snapshot repository storage every node needs (path.repo mount, or S3 client settings and keystore). @default - no snapshots */
  readonly snapshotStorage?: SnapshotStorage;
  /** `app.kubernetes.io/part-of`. */
  readonly partOf: string;
}

/**
 * The Pod Security level the Elasticsearch pods can meet with a given vm.max_map_count mode,
 * and why when it is below `restricted`: the namespace must say so rather than be weakened silently.
 */
export function elasticsearchPodSecurity(mode: VmMaxMapCountMode): { level: PodSecurityLevel; reason?: string } {
  if (mode !== 'initContainer') return { level: 'restricted' };
  return {
    level: 'privileged',
    reason: `Elasticsearch's init container runs privileged as root to set the node sysctl vm.max_map_count=${VM_MAX_MAP_COUNT} (logging.elasticsearch.vmMaxMapCount: initContainer); choose "preconfigured" or "disableMmap" to keep this namespace restricted.`,
  };
}

/**
 * An Elasticsearch 8 cluster as one StatefulSet of master-eligible data nodes: a data volume per
 * node from volumeClaimTemplates (kept on delete and scale-down), DNS discovery through a headless
 * Service, a client Service, security always on (TLS on both layers when an issuer is given), a
 * heap derived from the memory limit, and a read-only root filesystem.
 */
export class Elasticsearch extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  /** Number of nodes. */
  public readonly replicas: number;
  public readonly httpPort = 9200;
  public readonly transportPort = 9300;
  /** Client Service (ClusterIP, HTTP only). */
  public readonly service: k8s.KubeService;
  /** Headless Service used for discovery (`serviceName` of the StatefulSet). */
  public readonly headlessService: k8s.KubeService;
  public readonly statefulSet: k8s.KubeStatefulSet;
  /** The nodes, for flows. */
  public readonly peer: PodsPeer;
  /** `http(s)://<service>.<namespace>.svc:9200`: the name the certificate is issued for. */
  public readonly url: string;
  /** Secret whose `ca.crt` verifies the HTTP certificate, when TLS is on. */
  public readonly caSecretName?: string;
  /** Heap per node in MiB, as passed to the JVM. */
  public readonly heapMebibytes: number;

  constructor(scope: Construct, id: string, props: ElasticsearchProps) {
    super(scope, id);
    this.name = props.name ?? 'elasticsearch';
    this.namespace = props.namespace;
    this.replicas = props.replicas;
    const identity: AppIdentity = { name: 'elasticsearch', instance: this.name, component: 'search-engine', partOf: props.partOf };
    const selector = selectorLabels(identity);
    this.peer = Peer.workload(this.name, this.namespace, selector);
    const tls = props.tlsIssuer !== undefined;
    const podNames = Array.from({ length: props.replicas }, (_, i) => `${this.name}-${i}`);
    this.heapMebibytes = elasticsearchHeapMebibytes(props.resources.memory, props.heapPercent ?? DEFAULT_HEAP_PERCENT);

    const ports = [
      { name: 'http', port: this.httpPort, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' },
      { name: 'transport', port: this.transportPort, targetPort: k8s.IntOrString.fromString('transport'), protocol: 'TCP' },
    ];
    this.headlessService = new k8s.KubeService(this, 'headless', {
      metadata: { name: `${this.name}-headless`, namespace: this.namespace },
      // Not-ready nodes must be resolvable, or a new cluster could never form.
      spec: { clusterIp: 'None', publishNotReadyAddresses: true, selector, ports },
    });
    this.service = new k8s.KubeService(this, 'service', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: { type: 'ClusterIP', selector, ports: [ports[0]] },
    });
    const host = serviceHost(this.service);
    this.url = `${tls ? 'https' : 'http'}://${host}:${this.httpPort}`;

    if (props.tlsIssuer) {
      const certificate = new Certificate(this, 'certificate', {
        name: `${this.name}-tls`,
        namespace: this.namespace,
        secretName: `${this.name}-tls`,
        dnsNames: [
          host, this.service.name, `${this.service.name}.${this.namespace}`,
          serviceHost(this.headlessService), `*.${serviceHost(this.headlessService)}`,
        ],
        issuer: props.tlsIssuer,
      });
      this.caSecretName = certificate.secretName;
    }

    const snapshots = props.snapshotStorage ? snapshotPodParts(props.snapshotStorage, props.image) : undefined;
    const settings = elasticsearchSettings({
      clusterName: props.clusterName ?? 'logging',
      podNames,
      seedHost: this.headlessService.name,
      roles: props.roles ?? ['master', 'data', 'ingest'],
      httpPort: this.httpPort,
      transportPort: this.transportPort,
      vmMaxMapCount: props.vmMaxMapCount,
      tls,
    }) + (snapshots?.settings ?? '');
    const jvmOptions = gcLogOptions(GC_LOG);
    const configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: { name: `${this.name}-config`, namespace: this.namespace },
      data: { 'elasticsearch.yml': settings, [GC_LOG_OPTIONS_FILE]: jvmOptions },
    });

    const initContainers: WorkloadContainer[] = [];
    if (props.vmMaxMapCount === 'initContainer') {
      initContainers.push({
        name: 'sysctl',
        image: props.image,
        command: ['sysctl', '-w', `vm.max_map_count=${VM_MAX_MAP_COUNT}`],
        resources: helperResources(),
        // The one privileged step of this stack outside Fluentd; the namespace level records it (elasticsearchPodSecurity).
        securityContext: { privileged: true, runAsUser: 0, runAsNonRoot: false },
      });
    }
    // The root filesystem is read-only; the config directory is a copy in an emptyDir because the
    // entrypoint writes the keystore (bootstrap.password from ELASTIC_PASSWORD) next to elasticsearch.yml.
    const configDir = (path: string) => ({ path, sizeLimit: '64Mi', volumeName: 'config' });
    initContainers.push({
      name: 'copy-config',
      image: props.image,
      command: ['cp', '-a', `${ES_CONFIG_DIR}/.`, '/mnt/config/'],
      resources: helperResources(),
      scratch: [configDir('/mnt/config')],
    });
    initContainers.push(...snapshots?.initContainers ?? []);

    // Always this node (--resolve to loopback), never the Service: its endpoints are the ready pods only.
    const curlTarget = `--resolve ${host}:${this.httpPort}:127.0.0.1 ${tls ? `--cacert ${ES_CA_FILE} ` : ''}`;
    // Until this node has been ready once, wait for the cluster's colour: green with several nodes (as
    // elastic/helm-charts does), so a rolling restart or a drain moves on only once every replica is back; yellow
    // for one node, whose replicas have nowhere to go. Afterwards only check that this node answers, so readiness
    // does not flap with the colour. The marker names this container's start (the start time of its PID 1):
    // /tmp is an emptyDir, which outlives a container restart, and a restarted node must wait again.
    const colour = props.replicas > 1 ? 'green' : 'yellow';
    const readiness = [
      'marker="/tmp/.es-ready-$(cut -d" " -f22 /proc/1/stat)"',
      `if [ -f "$marker" ]; then path=/; else path="/_cluster/health?wait_for_status=${colour}&timeout=1s"; fi`,
      `curl --silent --fail --max-time 8 --output /dev/null ${curlTarget}-u "elastic:$ELASTIC_PASSWORD" "${this.url}$path"`,
      'touch "$marker"',
    ].join(' && ');

    const pod = workloadPod({
      identity,
      runAs: { user: ES_USER },
      fsGroup: ES_USER,
      annotations: { [CONFIG_HASH_ANNOTATION]: contentHash([settings, jvmOptions]) },
      // Time to flush and hand shards over before the kill.
      terminationGracePeriodSeconds: 120,
      affinity: hostAntiAffinity(props.antiAffinity ?? 'preferred', selector),
      topologySpreadConstraints: props.zoneSpread ? [zoneSpread(selector)] : undefined,
      initContainers,
      containers: [{
        name: 'elasticsearch',
        image: props.image,
        ports: [
          { name: 'http', containerPort: this.httpPort, protocol: 'TCP' },
          { name: 'transport', containerPort: this.transportPort, protocol: 'TCP' },
        ],
        env: [
          { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'ES_JAVA_OPTS', value: javaHeapOptions(this.heapMebibytes) },
          { name: 'ELASTIC_PASSWORD', valueFrom: props.elasticPassword.keyRef('password') },
        ],
        resources: props.resources,
        // No liveness probe: restarting a node during a long shard recovery makes things worse, and
        // a TCP check passes on a hung JVM anyway. The startup probe covers slow first starts.
        startupProbe: { tcpSocket: { port: k8s.IntOrString.fromString('http') }, periodSeconds: 10, failureThreshold: 30 },
        readinessProbe: { exec: { command: ['bash', '-c', readiness] }, periodSeconds: 10, timeoutSeconds: 10, failureThreshold: 3 },
        // The settings files and certs lie inside the config emptyDir, which is listed after them (scratch
        // mounts come last): runtimes mount parents first whatever the order (containerd's CRI WithMounts
        // sorts by path depth, `orderedMounts`; CRI-O and Docker do the same).
        volumeMounts: [
          { name: 'data', mountPath: `${ES_HOME}/data` },
          { name: 'settings', mountPath: `${ES_CONFIG_DIR}/elasticsearch.yml`, subPath: 'elasticsearch.yml', readOnly: true },
          { name: 'settings', mountPath: `${ES_CONFIG_DIR}/jvm.options.d/${GC_LOG_OPTIONS_FILE}`, subPath: GC_LOG_OPTIONS_FILE, readOnly: true },
          ...(tls ? [{ name: 'certs', mountPath: ES_CERTS_DIR, readOnly: true }] : []),
          ...snapshots?.volumeMounts ?? [],
        ],
        scratch: [
          configDir(ES_CONFIG_DIR),
          { path: ES_LOGS_DIR, sizeLimit: `${logsVolumeMebibytes(GC_LOG)}Mi`, volumeName: 'logs' },
          { path: '/tmp', sizeLimit: '1Gi' },
        ],
      }],
      volumes: [
        { name: 'settings', configMap: { name: configMap.name } },
        ...(this.caSecretName ? [{ name: 'certs', secret: { secretName: this.caSecretName } }] : []),
        ...snapshots?.volumes ?? [],
      ],
    });

    this.statefulSet = new PersistentStatefulSet(this, 'statefulset', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        serviceName: this.headlessService.name,
        replicas: props.replicas,
        // All masters must start together to elect a leader; there is no ordering between nodes.
        podManagementPolicy: 'Parallel',
        updateStrategy: { type: 'RollingUpdate' },
        selector: { matchLabels: pod.selector },
        template: pod.template,
      },
      claims: [{ name: 'data', storage: props.storage, labels: selector }],
    });

    if (props.disruptionBudget ?? props.replicas > 1) {
      // A not-ready node may be the one recovering shards whose other copies are gone, so it is
      // evicted only while every other node is ready (Kubernetes' own default, stated here); a
      // crash-looping node that blocks a drain is for an operator to delete by hand.
      new DisruptionBudget(this, 'pdb', { workload: this.statefulSet, selector, unhealthyPodEviction: 'IfHealthyBudget' });
    }
    labelTree(this, identity);
  }
}
