import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { elasticsearchCa } from './elasticsearch-ca';
import { DisruptionBudget } from '../core/disruption-budget';
import { containerResources } from '../core/resources';
import { AntiAffinity, hostAntiAffinity } from '../core/scheduling';
import { Resources } from '../config/primitives';
import { toMebibytes } from '../core/quantity';
import { AppIdentity, labelTree, selectorLabels, standardLabels } from '../core/labels';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../core/security';
import { Peer, PodsPeer } from '../network/peer';
import { RoutingTable } from '../network/routing-table';
import { DeclaredSecret } from '../secrets/declared-secret';

/** The image's user (uid 1000 owns /usr/share/kibana). */
const KIBANA_USER = 1000;

/** Keys of the encryption-keys Secret, mapped to the settings they feed (32+ characters, same on every replica). */
export const KIBANA_ENCRYPTION_KEYS = {
  security: 'XPACK_SECURITY_ENCRYPTIONKEY',
  savedObjects: 'XPACK_ENCRYPTEDSAVEDOBJECTS_ENCRYPTIONKEY',
  reporting: 'XPACK_REPORTING_ENCRYPTIONKEY',
} as const;

/** The built-in user Kibana authenticates as: 8.x refuses the `elastic` superuser. */
export const KIBANA_SYSTEM_USER = 'kibana_system';

/** Where Kibana is published. */
export interface KibanaRoute {
  /** The environment's routing table: Kibana registers its route there. */
  readonly table: RoutingTable;
  /** Host label under the environment's domain, e.g. `kibana` for `kibana.<domain>`. */
  readonly subdomain: string;
}

export interface KibanaProps {
  /** Namespace of every object; Elasticsearch's CA Secret must be in it too. */
  readonly namespace: string;
  /** Deployment and Service name. @default 'kibana' */
  readonly name?: string;
  /** Pinned Kibana image, same version as Elasticsearch. */
  readonly image: string;
  /** Pods of the Deployment (required, no default: an environment choice). */
  readonly replicas: number;
  /** Memory is the limit (and the request unless `memoryRequest` is set); the Node.js heap is derived from it. */
  readonly resources: Resources;
  /** Share of the memory limit given to the V8 old space (`--max-old-space-size`). @default 75 */
  readonly heapPercent?: number;
  /** Elasticsearch URL, e.g. `https://elasticsearch.logging.svc:9200`. */
  readonly elasticsearchUrl: string;
  /** Secret (same namespace) whose `ca.crt` verifies Elasticsearch. @default - plain HTTP, no CA */
  readonly elasticsearchCaSecret?: string;
  /** Password of `kibana_system` (key `password`), set in Elasticsearch by the setup Job. */
  readonly kibanaSystemPassword: DeclaredSecret;
  /** Encryption keys, one per key of KIBANA_ENCRYPTION_KEYS. */
  readonly encryptionKeys: DeclaredSecret;
  /** Public route: Kibana registers it and takes its public URL (links, redirects) from it. */
  readonly route: KibanaRoute;
  /** How strictly replicas avoid sharing a node. @default 'preferred' */
  readonly antiAffinity?: AntiAffinity;
  /** Render a PodDisruptionBudget (one pod at a time). @default - when replicas > 1 */
  readonly disruptionBudget?: boolean;
  /** `app.kubernetes.io/part-of`. */
  readonly partOf: string;
}

/**
 * Kibana as a Deployment behind a ClusterIP Service, logging in to Elasticsearch as
 * `kibana_system`, with a read-only root filesystem (data and /tmp are emptyDirs).
 */
export class Kibana extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly port = 5601;
  public readonly service: k8s.KubeService;
  public readonly deployment: k8s.KubeDeployment;
  public readonly peer: PodsPeer;
  /** Public URL, from the routing table. */
  public readonly url: string;
  /** `--max-old-space-size` in MiB. */
  public readonly heapMebibytes: number;

  constructor(scope: Construct, id: string, props: KibanaProps) {
    super(scope, id);
    this.name = props.name ?? 'kibana';
    this.namespace = props.namespace;
    const identity: AppIdentity = { name: 'kibana', instance: this.name, component: 'dashboard', partOf: props.partOf };
    const selector = selectorLabels(identity);
    this.peer = Peer.workload(this.name, this.namespace, selector);
    this.heapMebibytes = Math.floor(toMebibytes(props.resources.memory) * (props.heapPercent ?? 75) / 100);

    this.service = new k8s.KubeService(this, 'service', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: { type: 'ClusterIP', selector, ports: [{ name: 'http', port: this.port, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' }] },
    });
    // The Service exposes the container port under the same number.
    this.url = props.route.table.add({
      name: this.name,
      subdomain: props.route.subdomain,
      backend: { namespace: this.namespace, serviceName: this.service.name, servicePort: this.port, pods: this.peer, podPort: this.port },
    });

    const ca = props.elasticsearchCaSecret ? elasticsearchCa(props.elasticsearchCaSecret) : undefined;
    const container: k8s.Container = {
      name: 'kibana',
      image: props.image,
      ports: [{ name: 'http', containerPort: this.port, protocol: 'TCP' }],
      env: [
        { name: 'SERVER_HOST', value: '0.0.0.0' },
        // Kibana rejects a base URL with a trailing slash.
        { name: 'SERVER_PUBLICBASEURL', value: this.url.replace(/\/$/, '') },
        { name: 'ELASTICSEARCH_HOSTS', value: props.elasticsearchUrl },
        { name: 'ELASTICSEARCH_USERNAME', value: KIBANA_SYSTEM_USER },
        { name: 'ELASTICSEARCH_PASSWORD', valueFrom: props.kibanaSystemPassword.keyRef('password') },
        ...(ca ? [
          { name: 'ELASTICSEARCH_SSL_CERTIFICATEAUTHORITIES', value: ca.file },
          { name: 'ELASTICSEARCH_SSL_VERIFICATIONMODE', value: 'full' },
        ] : []),
        ...Object.entries(KIBANA_ENCRYPTION_KEYS).map(([key, name]) => ({ name, valueFrom: props.encryptionKeys.keyRef(key) })),
        { name: 'NODE_OPTIONS', value: `--max-old-space-size=${this.heapMebibytes}` },
      ],
      resources: containerResources(props.resources),
      securityContext: restrictedContainerSecurityContext({ user: KIBANA_USER }),
      // First start runs saved-object migrations (minutes). No liveness probe: a TCP check passes on a
      // blocked event loop, and a restart mid-migration only starts it over.
      startupProbe: { tcpSocket: { port: k8s.IntOrString.fromString('http') }, periodSeconds: 10, failureThreshold: 30 },
      // Unauthenticated /api/status answers 200 when available and 503 otherwise (no login needed).
      readinessProbe: { httpGet: { path: '/api/status', port: k8s.IntOrString.fromString('http'), scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
      volumeMounts: [
        { name: 'data', mountPath: '/usr/share/kibana/data' },
        { name: 'tmp', mountPath: '/tmp' },
        ...(ca ? [ca.mount] : []),
      ],
    };

    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        replicas: props.replicas,
        // Kibana does not support running two versions against one index: stop all, then start the new one.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: standardLabels(identity) },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext({ user: KIBANA_USER, fsGroup: KIBANA_USER }),
            affinity: hostAntiAffinity(props.antiAffinity ?? 'preferred', selector),
            containers: [container],
            volumes: [
              { name: 'data', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
              { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
              ...(ca ? [ca.volume] : []),
            ],
          },
        },
      },
    });

    if (props.disruptionBudget ?? props.replicas > 1) {
      // Stateless: a crash-looping pod may always be evicted rather than block a node drain.
      new DisruptionBudget(this, 'pdb', { workload: this.deployment, selector, unhealthyPodEviction: 'AlwaysAllow' });
    }
    labelTree(this, identity);
  }
}
