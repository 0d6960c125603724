import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { elasticsearchCa } from './elasticsearch-ca';
import { DisruptionBudget } from '../core/disruption-budget';
import { contentHash } from '../core/hash';
import { Resources } from '../core/resources';
import { AntiAffinity, hostAntiAffinity } from '../core/scheduling';
import { toMebibytes } from '../core/quantity';
import { AppIdentity, labelTree, selectorLabels } from '../core/labels';
import { CONFIG_HASH_ANNOTATION } from '../core/platform-keys';
import { workloadPod } from '../core/workload-pod';
import { Peer, PodsPeer } from '../network/peer';
import { RoutingTable } from '../network/routing-table';
import { DeclaredSecret } from '../secrets/declared-secret';
import { writeYaml } from '../core/write-yaml';

/**
 * How the pinned `docker.elastic.co/kibana/kibana:8.19.x` image behaves, as read in elastic/kibana
 * at v8.19.21. Tests check the render against these facts.
 */
export const KIBANA_IMAGE = {
  /** src/dev/build/tasks/os_packages/docker_generator/templates/base/Dockerfile: `useradd --uid 1000`, `USER 1000`, `--chown=1000:0` on the home. */
  uid: 1000,
  home: '/usr/share/kibana',
  /**
   * The settings file Kibana reads (the same Dockerfile copies it there). The image's own (templates/kibana_yml.template.ts)
   * sets server.host and elasticsearch.hosts, given here by env, plus server.shutdownTimeout and a
   * Stack Monitoring switch that this stack can do without.
   */
  configFile: '/usr/share/kibana/config/kibana.yml',
  /**
   * src/dev/build/tasks/os_packages/docker_generator/resources/base/bin/kibana-docker: only the
   * settings in its `kibana_vars` list are read from the environment (`elasticsearch.hosts` from
   * ELASTICSEARCH_HOSTS); any other variable is silently ignored. The ones this stack uses:
   */
  envSettings: [
    'server.host', 'server.publicBaseUrl',
    'elasticsearch.hosts', 'elasticsearch.username', 'elasticsearch.password',
    'elasticsearch.ssl.certificateAuthorities', 'elasticsearch.ssl.verificationMode',
    'xpack.security.encryptionKey', 'xpack.encryptedSavedObjects.encryptionKey', 'xpack.reporting.encryptionKey',
  ],
  /**
   * Settings that exist in this version's config schemas (Kibana refuses to start on an unknown
   * key): src/platform/plugins/shared/telemetry/server/config/config.ts (`optIn`; `enabled: false`
   * turns off opt-in and its UI switch), src/platform/plugins/shared/newsfeed/server/config.ts (`enabled`),
   * x-pack/platform/plugins/shared/fleet/server/config.ts (`isAirGapped`).
   */
  knownSettings: ['telemetry.optIn', 'telemetry.enabled', 'newsfeed.enabled', 'xpack.fleet.isAirGapped'],
} as const;

/** Environment variable kibana-docker maps to a setting: `elasticsearch.hosts` -> `ELASTICSEARCH_HOSTS`. */
export function kibanaEnvName(setting: string): string {
  return setting.toUpperCase().replace(/\./g, '_');
}

/**
 * kibana.yml: the calls to Elastic's services that Kibana's egress policy blocks are turned off
 * rather than left to fail: usage telemetry (telemetry.elastic.co), the newsfeed
 * (feeds.elastic.co), and Fleet's package registry (epr.elastic.co, which Fleet setup and the
 * Integrations pages ask). Maps tiles (Elastic Maps Service) are fetched by the browser, not the pod.
 */
export const KIBANA_SETTINGS: Readonly<Record<typeof KIBANA_IMAGE.knownSettings[number], boolean>> = {
  'telemetry.optIn': false,
  'telemetry.enabled': false,
  'newsfeed.enabled': false,
  'xpack.fleet.isAirGapped': true,
};

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
 * `kibana_system`, with a read-only root filesystem (data and /tmp are emptyDirs) and a generated
 * kibana.yml (KIBANA_SETTINGS) in place of the image's.
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

    const settings = writeYaml(KIBANA_SETTINGS);
    const configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: { name: `${this.name}-config`, namespace: this.namespace },
      data: { 'kibana.yml': settings },
    });

    const ca = props.elasticsearchCaSecret ? elasticsearchCa(props.elasticsearchCaSecret) : undefined;
    const pod = workloadPod({
      identity,
      runAs: { user: KIBANA_IMAGE.uid },
      fsGroup: KIBANA_IMAGE.uid,
      annotations: { [CONFIG_HASH_ANNOTATION]: contentHash(settings) },
      affinity: hostAntiAffinity(props.antiAffinity ?? 'preferred', selector),
      // This kibana.yml replaces the image's, which set server.shutdownTimeout to 5s: Kibana's own default is 30s
      // of draining requests, as long as the kubelet's default grace. Leave it that time, and a little more.
      terminationGracePeriodSeconds: 40,
      containers: [{
        name: 'kibana',
        image: props.image,
        ports: [{ name: 'http', containerPort: this.port, protocol: 'TCP' }],
        // kibana-docker turns these into settings (KIBANA_IMAGE.envSettings); NODE_OPTIONS is Node.js's own.
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
        resources: props.resources,
        // First start runs saved-object migrations (minutes). No liveness probe: a TCP check passes on a
        // blocked event loop, and a restart mid-migration only starts it over.
        startupProbe: { tcpSocket: { port: k8s.IntOrString.fromString('http') }, periodSeconds: 10, failureThreshold: 30 },
        // Unauthenticated /api/status answers 200 when available and 503 otherwise (no login needed).
        readinessProbe: { httpGet: { path: '/api/status', port: k8s.IntOrString.fromString('http'), scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
        volumeMounts: [
          { name: 'settings', mountPath: KIBANA_IMAGE.configFile, subPath: 'kibana.yml', readOnly: true },
          ...(ca ? [ca.mount] : []),
        ],
        scratch: [{ path: `${KIBANA_IMAGE.home}/data`, sizeLimit: '256Mi', volumeName: 'data' }, { path: '/tmp', sizeLimit: '256Mi' }],
      }],
      volumes: [
        { name: 'settings', configMap: { name: configMap.name } },
        ...(ca ? [ca.volume] : []),
      ],
    });

    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        replicas: props.replicas,
        // Kibana does not support running two versions against one index: stop all, then start the new one.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: pod.selector },
        template: pod.template,
      },
    });

    if (props.disruptionBudget ?? props.replicas > 1) {
      // Stateless: a crash-looping pod may always be evicted rather than block a node drain.
      new DisruptionBudget(this, 'pdb', { workload: this.deployment, selector, unhealthyPodEviction: 'AlwaysAllow' });
    }
    labelTree(this, identity);
  }
}
