import { posix } from 'path';
import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { CONFIG_HASH_ANNOTATION } from '../core/platform-keys';
import { elasticsearchCa } from './elasticsearch-ca';
import { renderFluentConf } from './fluentd-config';
import { FLUENTD_IMAGE_FACTS } from './fluentd-image';
import { Resources } from '../core/resources';
import { contentHash } from '../core/hash';
import { AppIdentity, labelTree, selectorLabels } from '../core/labels';
import { workloadPod } from '../core/workload-pod';
import { Peer, PodsPeer } from '../network/peer';
import { PodSecurityLevel } from '../core/pod-security';
import { DeclaredSecret } from '../secrets/declared-secret';
import { SCRAPE_JOBS } from '../monitoring/scrape-jobs';
import { ScrapeTarget } from '../monitoring/scrape-target';
import { Certificate, IssuerRef } from '../tls/certificate';

/** Host directory Fluentd owns: position file and buffer, so both survive pod restarts. */
const STATE_DIR = '/var/log/fluentd';
const PASSWORD_ENV = 'ELASTICSEARCH_PASSWORD';
const AUDIT_PASSWORD_ENV = 'ELASTICSEARCH_AUDIT_PASSWORD';

export interface FluentdProps {
  /** Namespace of the DaemonSet, its ServiceAccount, ConfigMap and CA Certificate (its Pod Security level: see `fluentdPodSecurity`). */
  readonly namespace: string;
  /** DaemonSet, ServiceAccount and ConfigMap name; pods are `<name>-xxxxx`. @default 'fluentd' */
  readonly name?: string;
  /** Pinned `fluent/fluentd-kubernetes-daemonset` Elasticsearch 8 image. */
  readonly image: string;
  /** Memory is the limit; the request is `memoryRequest` when set, else the limit. */
  readonly resources: Resources;
  /** Node log format: `cri` (containerd, CRI-O) or `json` (Docker json-file). @default 'cri' */
  readonly containerLogFormat?: 'cri' | 'json';
  /** Also mount `/var/lib/docker/containers` read-only (Docker nodes, where /var/log/pods links there). @default false */
  readonly dockerContainersPath?: boolean;
  /** Upper bound of the on-node file buffer (a quantity); input blocks when it is full. @default '1Gi' */
  readonly bufferLimit?: string;
  /** Elasticsearch URL (from the Elasticsearch construct). */
  readonly elasticsearchUrl: string;
  /**
   * Issuer of Elasticsearch's certificate, when it serves https: a Certificate in this namespace
   * brings the issuing CA (`ca.crt`) here, since a Secret cannot be mounted across namespaces.
   * @default - plain http
   */
  readonly tlsIssuer?: IssuerRef;
  /** Elasticsearch user Fluentd writes as (least privilege, never `elastic`). */
  readonly user: string;
  /** That user's password (key `password`), declared in this namespace. */
  readonly password: DeclaredSecret;
  /** Index prefix the setup Job's template and lifecycle policy match. */
  readonly indexPrefix: string;
  /** `app.kubernetes.io/part-of`. */
  readonly partOf: string;
  /** Also ship the API server audit log (control-plane nodes). @default - not shipped */
  readonly audit?: FluentdAuditProps;
}

/** The API server audit log's pipeline: its own file, indices and writer. */
export interface FluentdAuditProps {
  /** The audit log file on control-plane nodes; its directory is mounted read-only. */
  readonly path: string;
  /** Audit indices are `<indexPrefix>-YYYY.MM.DD`. */
  readonly indexPrefix: string;
  /** Elasticsearch user that may write only those indices. */
  readonly user: string;
  /** That user's password (key `password`), declared in this namespace. */
  readonly password: DeclaredSecret;
}

/** The Pod Security level Fluentd's namespace needs, and why: the namespace records it rather than be weakened silently. */
export function fluentdPodSecurity(): { level: PodSecurityLevel; reason: string } {
  return {
    level: 'privileged',
    reason: 'Fluentd reads node logs through hostPath volumes and runs as root to read them and keep its position and buffer files on the node; hostPath is forbidden from baseline up.',
  };
}

/**
 * The node agent: a DaemonSet on every node (control plane included) that tails container logs
 * from the host and ships them to Elasticsearch. It is the one workload of the stack that needs
 * hostPath volumes and root (node log files are root-owned, mode 0640), so its namespace is
 * `privileged`; the container itself still drops every capability, cannot escalate, and has a
 * read-only root filesystem. Only its own state directory on the host is writable.
 */
export class Fluentd extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly metricsPort = 24231;
  public readonly daemonSet: k8s.KubeDaemonSet;
  public readonly configMap: k8s.KubeConfigMap;
  public readonly peer: PodsPeer;
  /** The rendered `fluent.conf`. */
  public readonly fluentConf: string;

  /** Its Prometheus endpoint (in_prometheus on `metricsPort`): a scrape job and a flow from Prometheus. */
  public get scrapeTarget(): ScrapeTarget {
    return { job: SCRAPE_JOBS.fluentd, peer: this.peer, discovery: 'pods', port: this.metricsPort };
  }

  constructor(scope: Construct, id: string, props: FluentdProps) {
    super(scope, id);
    this.name = props.name ?? 'fluentd';
    this.namespace = props.namespace;
    const identity: AppIdentity = { name: 'fluentd', instance: this.name, component: 'log-collector', partOf: props.partOf };
    const selector = selectorLabels(identity);
    this.peer = Peer.workload(this.name, this.namespace, selector);

    // The Certificate only brings the issuing CA into this namespace; its key pair is never used.
    const ca = props.tlsIssuer ? elasticsearchCa(new Certificate(this, 'certificate', {
      name: `${this.name}-elasticsearch-ca`,
      namespace: this.namespace,
      secretName: `${this.name}-elasticsearch-ca`,
      dnsNames: [`${this.name}.${this.namespace}.svc`],
      issuer: props.tlsIssuer,
      usages: ['digital signature', 'key encipherment', 'client auth'],
    }).secretName) : undefined;

    this.fluentConf = renderFluentConf({
      containerLogFormat: props.containerLogFormat ?? 'cri',
      // Container log files are <pod>_<namespace>_<container>-<id>.log.
      excludePaths: [`/var/log/containers/${this.name}-*_${this.namespace}_*.log`],
      stateDir: STATE_DIR,
      metricsPort: this.metricsPort,
      output: {
        url: props.elasticsearchUrl,
        user: props.user,
        passwordEnv: PASSWORD_ENV,
        caFile: ca?.file,
        indexPrefix: props.indexPrefix,
      },
      buffer: { totalLimitSize: props.bufferLimit ?? '1Gi' },
      audit: props.audit ? {
        path: props.audit.path,
        output: { url: props.elasticsearchUrl, user: props.audit.user, passwordEnv: AUDIT_PASSWORD_ENV, caFile: ca?.file, indexPrefix: props.audit.indexPrefix },
      } : undefined,
    });
    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: { name: this.name, namespace: this.namespace },
      data: { [FLUENTD_IMAGE_FACTS.entrypoint.env.FLUENTD_CONF]: this.fluentConf },
    });

    const serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', { metadata: { name: this.name, namespace: this.namespace } });
    // kubernetes_metadata reads pod and namespace metadata (labels) of every log line's pod.
    const clusterRole = new k8s.KubeClusterRole(this, 'cluster-role', {
      metadata: { name: `${this.namespace}-${this.name}` },
      rules: [{ apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] }],
    });
    new k8s.KubeClusterRoleBinding(this, 'cluster-role-binding', {
      metadata: { name: clusterRole.name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole.name },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount.name, namespace: this.namespace }],
    });

    const hostPaths: { name: string; path: string; readOnly: boolean; type: string }[] = [
      { name: 'state', path: STATE_DIR, readOnly: false, type: 'DirectoryOrCreate' },
      { name: 'containers', path: '/var/log/containers', readOnly: true, type: 'Directory' },
      { name: 'pods', path: '/var/log/pods', readOnly: true, type: 'Directory' },
      ...(props.dockerContainersPath ? [{ name: 'docker-containers', path: '/var/lib/docker/containers', readOnly: true, type: 'Directory' }] : []),
      // The directory, not the file, so rotated files are followed; created empty on nodes without an API server.
      ...(props.audit ? [{ name: 'audit-log', path: posix.dirname(props.audit.path), readOnly: true, type: 'DirectoryOrCreate' }] : []),
    ];
    const metricsProbe: k8s.Probe = { httpGet: { path: '/metrics', port: k8s.IntOrString.fromString('metrics'), scheme: 'HTTP' }, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 };

    const pod = workloadPod({
      identity,
      // As the files' owner it needs no capability: every one is dropped, and nothing escalates.
      runAs: { rootReason: 'node log files are root-owned (mode 0640), and the position and buffer files live in a root-owned host directory' },
      annotations: { [CONFIG_HASH_ANNOTATION]: contentHash(this.fluentConf) },
      // kubernetes_metadata reads pod and namespace metadata from the API server.
      serviceAccountName: serviceAccount.name,
      priorityClassName: 'system-node-critical',
      // Control-plane nodes have logs too.
      tolerations: ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master']
        .map(key => ({ key, operator: 'Exists', effect: 'NoSchedule' })),
      terminationGracePeriodSeconds: 30,
      containers: [{
        name: 'fluentd',
        image: props.image,
        ports: [{ name: 'metrics', containerPort: this.metricsPort, protocol: 'TCP' }],
        env: [
          // Lets kubernetes_metadata watch only this node's pods.
          { name: 'K8S_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
          // Temporary and backed-up files in the node's state directory (FLUENTD_IMAGE_FACTS.tmpdirEnv).
          { name: FLUENTD_IMAGE_FACTS.tmpdirEnv, value: STATE_DIR },
          { name: FLUENTD_IMAGE_FACTS.backupDirEnv, value: `${STATE_DIR}/backup` },
          { name: PASSWORD_ENV, valueFrom: props.password.keyRef('password') },
          ...(props.audit ? [{ name: AUDIT_PASSWORD_ENV, valueFrom: props.audit.password.keyRef('password') }] : []),
        ],
        resources: props.resources,
        livenessProbe: metricsProbe,
        readinessProbe: { ...metricsProbe, periodSeconds: 10 },
        volumeMounts: [
          // Where the entrypoint reads fluent.conf; it hides the image's own configuration files.
          { name: 'config', mountPath: FLUENTD_IMAGE_FACTS.entrypoint.configDir, readOnly: true },
          ...hostPaths.map(h => ({ name: h.name, mountPath: h.path, ...(h.readOnly ? { readOnly: true } : {}) })),
          ...(ca ? [ca.mount] : []),
        ],
        scratch: [{ path: '/tmp', sizeLimit: '64Mi' }],
      }],
      volumes: [
        { name: 'config', configMap: { name: this.configMap.name } },
        ...hostPaths.map(h => ({ name: h.name, hostPath: { path: h.path, type: h.type } })),
        ...(ca ? [ca.volume] : []),
      ],
    });

    this.daemonSet = new k8s.KubeDaemonSet(this, 'daemonset', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        selector: { matchLabels: pod.selector },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } },
        template: pod.template,
      },
    });
    labelTree(this, identity);
  }
}
