import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { EnvironmentConfig, usesCertManager } from '../lib/config/schema';
import { retentionSize } from '../lib/config/monitoring';
import { tlsIssuerOf } from './logging-chart';
import { Elasticsearch } from '../lib/logging/elasticsearch';
import { Alertmanager } from '../lib/monitoring/alertmanager';
import { renderAlertmanagerConfig } from '../lib/monitoring/alertmanager-config';
import { credentialedReceiver } from '../lib/monitoring/alertmanager-credentials';
import { dashboardJson, platformDashboards } from '../lib/monitoring/dashboards';
import { Grafana, PROMETHEUS_DATASOURCE_UID } from '../lib/monitoring/grafana';
import { KubeStateMetrics } from '../lib/monitoring/kube-state-metrics';
import { MonitoringSecrets } from '../lib/monitoring/monitoring-secrets';
import { alertRuleFiles } from '../lib/monitoring/rules';
import { NodeExporter } from '../lib/monitoring/node-exporter';
import { Prometheus } from '../lib/monitoring/prometheus';
import { SCRAPE_JOBS } from '../lib/monitoring/scrape-jobs';
import { ScrapeTarget } from '../lib/monitoring/scrape-target';
import { apiServerPeer, certManagerPeer, ingressControllerPeer } from '../lib/network/cluster-peers';
import { Peer } from '../lib/network/peer';
import { RoutingTable } from '../lib/network/routing-table';
import { NAMESPACE } from '../lib/platform/stack-namespaces';
import { SecretBootstrap } from '../lib/secrets/secret-bootstrap';

export interface MonitoringChartProps {
  readonly config: EnvironmentConfig;
  /** Metrics endpoints of the other charts' components (e.g. Fluentd's), scraped with a flow each. @default - none */
  readonly targets?: readonly ScrapeTarget[];
  /** Grafana registers its public route here. */
  readonly routes: RoutingTable;
  /** Grafana's admin password and Elasticsearch reader, bootstrapped here (the logging setup creates the reader user). */
  readonly secrets: MonitoringSecrets;
  /** The logging stack's Elasticsearch: Grafana's logs data source. @default - no logs data source */
  readonly elasticsearch?: Elasticsearch;
  /** Its daily index prefix (`<prefix>-YYYY.MM.DD`). @default 'k8s-logs' */
  readonly logIndexPrefix?: string;
}

const PART_OF = 'monitoring';

/** The kubelet's authenticated port on every node (`/metrics` and `/metrics/cadvisor`). */
const KUBELET_PORT = 10250;
/** ingress-nginx (pkg/flags/flags.go): `--enable-metrics` defaults to true and `/metrics` is served on the health-check port (`--healthz-port`, 10254). */
const INGRESS_NGINX_METRICS_PORT = 10254;

/**
 * Metrics and alerting: Prometheus (with the scrape jobs and flows of every target), Alertmanager,
 * Grafana, node-exporter on every node from `monitoring-agents`, kube-state-metrics; passwords from
 * the declared-secrets bootstrap.
 */
export class MonitoringChart extends Chart {
  public readonly prometheus: Prometheus;
  public readonly alertmanager: Alertmanager;
  public readonly grafana: Grafana;

  constructor(scope: Construct, id: string, props: MonitoringChartProps) {
    super(scope, id);
    const { config } = props;
    const monitoring = config.monitoring;
    const ha = config.highlyAvailable;
    const apiServer = apiServerPeer(config.cluster);
    const apiServerPorts = config.cluster.apiServer.ports;
    // The kubelet and node-exporter (host network) listen on the nodes' own addresses.
    const nodes = Peer.ipBlock('nodes', monitoring.nodeCidrs);

    const am = monitoring.alertmanager;
    // Receivers' credentials: external Secrets, listed by the bootstrap and mounted as files.
    const receivers = am.receivers.map(r => credentialedReceiver(r, NAMESPACE.monitoring));
    const credentials = receivers.flatMap(r => r.secret ? [r.secret] : []);
    const secrets = props.secrets;
    new SecretBootstrap(this, 'secrets', {
      namespace: NAMESPACE.monitoring,
      secrets: [...secrets.all, ...credentials],
      image: config.images.kubectl,
      apiServer: { peer: apiServer, ports: apiServerPorts },
      partOf: PART_OF,
    });

    const nodeExporter = new NodeExporter(this, 'node-exporter', {
      namespace: NAMESPACE.monitoringAgents,
      image: monitoring.nodeExporter.image,
      resources: monitoring.nodeExporter.resources,
      nodes,
      partOf: PART_OF,
    });
    const ksm = new KubeStateMetrics(this, 'kube-state-metrics', {
      namespace: NAMESPACE.monitoring,
      image: monitoring.kubeStateMetrics.image,
      resources: monitoring.kubeStateMetrics.resources,
      apiServer,
      apiServerPorts,
      partOf: PART_OF,
    });

    const cluster: ScrapeTarget[] = [
      // Every API server port the cluster lists is one the endpoints may use; the job keeps the `https` one.
      { job: SCRAPE_JOBS.apiServer, peer: apiServer, discovery: 'apiServer', port: apiServerPorts[0], scheme: 'https', auth: 'serviceAccount' },
      // Straight to the kubelet (authorized by nodes/metrics), not through the API server's node proxy (nodes/proxy would also allow exec).
      { job: SCRAPE_JOBS.kubelet, peer: nodes, discovery: 'nodes', port: KUBELET_PORT, scheme: 'https', auth: 'serviceAccount', tls: 'skipVerify' },
      { job: SCRAPE_JOBS.cadvisor, peer: nodes, discovery: 'nodes', port: KUBELET_PORT, path: '/metrics/cadvisor', scheme: 'https', auth: 'serviceAccount', tls: 'skipVerify' },
      nodeExporter.scrapeTarget,
      ksm.scrapeTarget,
      // A prerequisite in a namespace this platform does not manage: only Prometheus' egress is rendered.
      // Its `namespace` label is the Ingress's. Its install manifests declare the metrics port only when metrics
      // are switched on (Helm `controller.metrics.enabled`, off by default), though the controller always serves it.
      { job: SCRAPE_JOBS.ingressNginx, peer: ingressControllerPeer(config.ingress), discovery: 'pods', port: INGRESS_NGINX_METRICS_PORT, honorLabels: true, portUndeclared: true },
    ];
    if (usesCertManager(config)) {
      // Also a prerequisite in its own namespace (egress only); its series' `namespace` is the Certificate's.
      const cm = config.cluster.certManager;
      cluster.push({ job: SCRAPE_JOBS.certManager, peer: certManagerPeer(cm), discovery: 'pods', port: cm.metricsPort, honorLabels: true });
    }

    this.alertmanager = new Alertmanager(this, 'alertmanager', {
      namespace: NAMESPACE.monitoring,
      image: am.image,
      replicas: am.replicas,
      resources: am.resources,
      storage: am.storage,
      config: am.defaultReceiver
        ? renderAlertmanagerConfig({ receivers: receivers.map(r => r.receiver), defaultReceiver: am.defaultReceiver, routes: am.routes })
        : undefined,
      credentials,
      receivers: am.egress.map(e => ({ peer: Peer.ipBlock(e.name, e.cidrs), ports: e.ports })),
      antiAffinity: ha ? 'required' : 'preferred',
      partOf: PART_OF,
    });

    const prom = monitoring.prometheus;
    this.prometheus = new Prometheus(this, 'prometheus', {
      namespace: NAMESPACE.monitoring,
      image: prom.image,
      replicas: prom.replicas,
      resources: prom.resources,
      storage: prom.storage,
      retentionTime: prom.retention.time,
      retentionSize: retentionSize(prom),
      scrapeInterval: prom.scrapeInterval,
      externalLabels: { cluster: config.name },
      targets: [...cluster, this.alertmanager.scrapeTarget, ...props.targets ?? []],
      alertmanager: this.alertmanager.alertTarget,
      apiServer,
      apiServerPorts,
      ruleFiles: alertRuleFiles(),
      antiAffinity: ha ? 'required' : 'preferred',
      partOf: PART_OF,
    });

    const es = props.elasticsearch;
    const scraped = new Set(this.prometheus.targets.map(t => t.job));
    const webApps = this.prometheus.targets.find(t => t.job === SCRAPE_JOBS.webApps)?.peer;
    const dashboards = platformDashboards({
      logs: scraped.has(SCRAPE_JOBS.fluentd), elasticsearch: scraped.has(SCRAPE_JOBS.elasticsearch), jenkins: scraped.has(SCRAPE_JOBS.jenkins),
      webAppsNamespace: webApps?.kind === 'pods' ? webApps.namespace : undefined,
    });
    this.grafana = new Grafana(this, 'grafana', {
      namespace: NAMESPACE.monitoring,
      image: monitoring.grafana.image,
      resources: monitoring.grafana.resources,
      adminPassword: secrets.grafanaAdmin,
      secretKey: secrets.grafanaSecretKey,
      dashboards: Object.fromEntries(dashboards.map(d => [`${d.uid}.json`, JSON.stringify(dashboardJson(d, PROMETHEUS_DATASOURCE_UID), null, 2)])),
      route: { table: props.routes, subdomain: 'grafana' },
      prometheus: { url: this.prometheus.url, pods: this.prometheus.peer, port: this.prometheus.port },
      logs: es && secrets.logsReader && {
        url: es.url,
        pods: es.peer,
        port: es.httpPort,
        index: `${props.logIndexPrefix ?? 'k8s-logs'}-*`,
        user: secrets.logsReaderUser,
        password: secrets.logsReader,
        tlsIssuer: tlsIssuerOf(config.logging.elasticsearch.tls),
      },
      partOf: PART_OF,
    });
  }
}
