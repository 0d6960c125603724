import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { contentHash } from '../core/hash';
import { AppIdentity, labelTree, selectorLabels } from '../core/labels';
import { CONFIG_HASH_ANNOTATION } from '../core/platform-keys';
import { Resources } from '../core/resources';
import { workloadPod } from '../core/workload-pod';
import { elasticsearchCa } from '../logging/elasticsearch-ca';
import { NetworkFlow } from '../network/flow';
import { Peer, PodsPeer } from '../network/peer';
import { RoutingTable } from '../network/routing-table';
import { DeclaredSecret } from '../secrets/declared-secret';
import { Certificate, IssuerRef } from '../tls/certificate';
import { writeYaml } from '../core/write-yaml';

/**
 * How the `docker.io/grafana/grafana` image behaves at the tag below, as read in grafana/grafana's
 * Dockerfile of the 12.x line (alpine base: `ARG GF_UID="472"`, `ENV GF_PATHS_*`) and
 * pkg/services/provisioning/values/values.go (provisioning values expand `$VAR` and `$__file{path}`);
 * read through the code search, not at the exact tag (the repository is too large to mirror here).
 * Tests check the render, and the environments' pins, against these facts.
 */
export const GRAFANA_IMAGE = {
  tag: '12.1.1',
  uid: 472,
  port: 3000,
  dataDir: '/var/lib/grafana',
  provisioningDir: '/etc/grafana/provisioning',
  /** pkg/api: `/api/health` answers 200 while the database is reachable, no login needed. */
  healthPath: '/api/health',
} as const;

/** The Elasticsearch logs Grafana reads. */
export interface GrafanaLogsSource {
  /** Elasticsearch URL, e.g. `https://elasticsearch.logging.svc:9200`. */
  readonly url: string;
  /** The Elasticsearch pods, for the flow. */
  readonly pods: PodsPeer;
  /** Their HTTP port. */
  readonly port: number;
  /** Index pattern, e.g. `k8s-logs-*`. */
  readonly index: string;
  /** A read-only Elasticsearch user. */
  readonly user: string;
  /** Its password (key `password`), declared in Grafana's namespace. */
  readonly password: DeclaredSecret;
  /** Issuer of Elasticsearch's certificate: a Certificate from it gives Grafana the CA. @default - plain HTTP */
  readonly tlsIssuer?: IssuerRef;
}

export interface GrafanaProps {
  /** Namespace of every object of the component. */
  readonly namespace: string;
  /** @default 'grafana' */
  readonly name?: string;
  /** Pinned Grafana image (see GRAFANA_IMAGE). */
  readonly image: string;
  /** CPU request (and optional limit) and the memory limit. */
  readonly resources: Resources;
  /** Password of the `admin` user (key `password`). */
  readonly adminPassword: DeclaredSecret;
  /** `security.secret_key` (key `secret-key`): encrypts data source secrets in the database. */
  readonly secretKey: DeclaredSecret;
  /** Public route: Grafana registers `<subdomain>.<domain>` and takes its root URL from it. */
  readonly route: { readonly table: RoutingTable; readonly subdomain: string };
  /** The default data source. */
  readonly prometheus: { readonly url: string; readonly pods: PodsPeer; readonly port: number };
  /** Logs next to metrics. @default - no logs data source */
  readonly logs?: GrafanaLogsSource;
  /** Dashboards to provision (read-only, folder "Platform"), by file name (`<uid>.json`). @default - none */
  readonly dashboards?: Readonly<Record<string, string>>;
  /** `app.kubernetes.io/part-of`. */
  readonly partOf: string;
}

const ES_PASSWORD_ENV = 'ELASTICSEARCH_PASSWORD';
/** Where the provisioned dashboard files are mounted. */
const DASHBOARDS_DIR = '/etc/grafana/dashboards';
/** The Prometheus data source's uid: dashboards refer to it. */
export const PROMETHEUS_DATASOURCE_UID = 'prometheus';

/**
 * Grafana as one Deployment pod (its SQLite database is per pod: see the config schema), with data
 * sources provisioned from a generated file, the admin password from a declared secret, outbound
 * calls to grafana.com turned off, and a route through the routing table.
 */
export class Grafana extends Construct {
  public readonly name: string;
  public readonly deployment: k8s.KubeDeployment;
  public readonly peer: PodsPeer;
  public readonly url: string;
  /** The provisioned data sources file. */
  public readonly datasources: string;

  constructor(scope: Construct, id: string, props: GrafanaProps) {
    super(scope, id);
    this.name = props.name ?? 'grafana';
    const namespace = props.namespace;
    const image = GRAFANA_IMAGE;
    const identity: AppIdentity = { name: 'grafana', instance: this.name, component: 'dashboard', partOf: props.partOf };
    const selector = selectorLabels(identity);
    this.peer = Peer.workload(this.name, namespace, selector);

    const service = new k8s.KubeService(this, 'service', {
      metadata: { name: this.name, namespace },
      spec: { type: 'ClusterIP', selector, ports: [{ name: 'http', port: image.port, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' }] },
    });
    this.url = props.route.table.add({
      name: this.name,
      subdomain: props.route.subdomain,
      backend: { namespace, serviceName: service.name, servicePort: image.port, pods: this.peer, podPort: image.port },
    });

    const logs = props.logs;
    const ca = logs?.tlsIssuer ? elasticsearchCa(new Certificate(this, 'elasticsearch-ca', {
      name: `${this.name}-elasticsearch-ca`,
      namespace,
      secretName: `${this.name}-elasticsearch-ca`,
      dnsNames: [`${this.name}.${namespace}.svc`],
      issuer: logs.tlsIssuer,
      usages: ['digital signature', 'key encipherment', 'client auth'],
    }).secretName) : undefined;
    this.datasources = writeYaml({
      apiVersion: 1,
      datasources: [
        { name: 'Prometheus', uid: PROMETHEUS_DATASOURCE_UID, type: 'prometheus', access: 'proxy', url: props.prometheus.url, isDefault: true, editable: false },
        ...logs ? [{
          name: 'Logs', uid: 'elasticsearch-logs', type: 'elasticsearch', access: 'proxy', url: logs.url, editable: false,
          basicAuth: true, basicAuthUser: logs.user,
          // Fluentd's documents carry the line in `message` (CRI parser, concat key).
          jsonData: { index: logs.index, timeField: '@timestamp', logMessageField: 'message', ...ca ? { tlsAuthWithCACert: true } : {} },
          secureJsonData: { basicAuthPassword: `$${ES_PASSWORD_ENV}`, ...ca ? { tlsCACert: `$__file{${ca.file}}` } : {} },
        }] : [],
      ],
    });
    // Dashboards from files, not editable in the UI: the code is where they change.
    const providers = writeYaml({
      apiVersion: 1,
      providers: [{ name: 'platform', folder: 'Platform', type: 'file', disableDeletion: true, allowUiUpdates: false, options: { path: DASHBOARDS_DIR } }],
    });
    const provisioning = new k8s.KubeConfigMap(this, 'provisioning', {
      metadata: { name: `${this.name}-provisioning`, namespace },
      data: { 'datasources.yaml': this.datasources, 'dashboards.yaml': providers },
    });
    const dashboards = new k8s.KubeConfigMap(this, 'dashboards', {
      metadata: { name: `${this.name}-dashboards`, namespace },
      data: { ...props.dashboards },
    });

    const probe = (periodSeconds: number): k8s.Probe => ({ httpGet: { path: image.healthPath, port: k8s.IntOrString.fromString('http') }, periodSeconds, timeoutSeconds: 5, failureThreshold: 3 });
    const settings: Record<string, string> = {
      GF_SERVER_ROOT_URL: this.url,
      GF_SECURITY_ADMIN_USER: 'admin',
      // Logs to stdout only: nothing written under the read-only root.
      GF_LOG_MODE: 'console',
      // The egress policy allows no internet: do not call grafana.com.
      GF_ANALYTICS_REPORTING_ENABLED: 'false',
      GF_ANALYTICS_CHECK_FOR_UPDATES: 'false',
      GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES: 'false',
      GF_NEWS_NEWS_FEED_ENABLED: 'false',
      // [plugins] preinstall_disabled: no plugin downloads at start-up; nor plugin signing keys from grafana.com.
      GF_PLUGINS_PREINSTALL_DISABLED: 'true',
      GF_PLUGINS_PUBLIC_KEY_RETRIEVAL_DISABLED: 'true',
      // Avatars come from gravatar.com otherwise.
      GF_SECURITY_DISABLE_GRAVATAR: 'true',
    };
    const pod = workloadPod({
      identity,
      runAs: { user: image.uid },
      fsGroup: image.uid,
      annotations: { [CONFIG_HASH_ANNOTATION]: contentHash(this.datasources + JSON.stringify(props.dashboards ?? {})) },
      volumes: [
        { name: 'datasources', configMap: { name: provisioning.name, items: [{ key: 'datasources.yaml', path: 'datasources.yaml' }] } },
        { name: 'dashboard-providers', configMap: { name: provisioning.name, items: [{ key: 'dashboards.yaml', path: 'dashboards.yaml' }] } },
        { name: 'dashboards', configMap: { name: dashboards.name } },
        ...ca ? [ca.volume] : [],
      ],
      containers: [{
        name: 'grafana',
        image: props.image,
        env: [
          ...Object.entries(settings).map(([name, value]) => ({ name, value })),
          { name: 'GF_SECURITY_ADMIN_PASSWORD', valueFrom: props.adminPassword.keyRef('password') },
          { name: 'GF_SECURITY_SECRET_KEY', valueFrom: props.secretKey.keyRef('secret-key') },
          ...logs ? [{ name: ES_PASSWORD_ENV, valueFrom: logs.password.keyRef('password') }] : [],
        ],
        ports: [{ name: 'http', containerPort: image.port, protocol: 'TCP' }],
        resources: props.resources,
        // Every start migrates a fresh database before the server listens: up to 5 minutes before liveness counts.
        startupProbe: { ...probe(10), failureThreshold: 30 },
        readinessProbe: probe(10),
        livenessProbe: probe(20),
        volumeMounts: [
          { name: 'datasources', mountPath: `${image.provisioningDir}/datasources`, readOnly: true },
          { name: 'dashboard-providers', mountPath: `${image.provisioningDir}/dashboards`, readOnly: true },
          { name: 'dashboards', mountPath: DASHBOARDS_DIR, readOnly: true },
          ...ca ? [ca.mount] : [],
        ],
        // The database, sessions and plugin cache: rebuilt from provisioning on every start.
        scratch: [{ path: image.dataDir, sizeLimit: '512Mi' }, { path: '/tmp', sizeLimit: '64Mi' }],
      }],
    });
    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: this.name, namespace },
      // One pod: its database is its own. Recreate so two never run against one route during a rollout.
      spec: { replicas: 1, strategy: { type: 'Recreate' }, selector: { matchLabels: selector }, template: pod.template },
    });

    const flows = new Construct(this, 'flows');
    new NetworkFlow(flows, 'prometheus', { from: this.peer, to: props.prometheus.pods, ports: [props.prometheus.port] });
    if (logs) new NetworkFlow(flows, 'elasticsearch', { from: this.peer, to: logs.pods, ports: [logs.port] });
    labelTree(this, identity);
  }
}
