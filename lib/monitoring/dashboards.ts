import { EXPORTER_METRICS, series } from './exporter-metrics';

/** One PromQL query of a panel. */
export interface PanelQuery {
  readonly expr: string;
  /** Grafana legend format, e.g. `{{node}}`. */
  readonly legend: string;
}

/** A time-series panel. */
export interface Panel {
  readonly title: string;
  /** Grafana unit id: `percentunit` (0..1), `bytes`, `cores`, `short`, `s`. */
  readonly unit: 'percentunit' | 'bytes' | 'cores' | 'short' | 's';
  readonly queries: readonly PanelQuery[];
  /** What to do when it looks wrong. @default - none */
  readonly description?: string;
}

export interface DashboardSpec {
  /** Stable id (links and provisioning keep it). */
  readonly uid: string;
  readonly title: string;
  readonly panels: readonly Panel[];
}

const { nodeExporter, cadvisor, kubeStateMetrics, fluentd, alertmanager, elasticsearch, jenkins, ingressNginx, webApps } = EXPORTER_METRICS;

const cluster: DashboardSpec = {
  uid: 'platform-cluster',
  title: 'Platform / Cluster',
  panels: [
    { title: 'Node CPU busy', unit: 'percentunit', queries: [{ expr: `1 - avg by (node) (rate(${series(nodeExporter, 'node_cpu_seconds_total', 'mode="idle"')}[5m]))`, legend: '{{node}}' }] },
    { title: 'Node memory used', unit: 'percentunit', queries: [{ expr: `1 - ${series(nodeExporter, 'node_memory_MemAvailable_bytes')} / ${series(nodeExporter, 'node_memory_MemTotal_bytes')}`, legend: '{{node}}' }] },
    {
      title: 'Node root file system used', unit: 'percentunit',
      queries: [{ expr: `1 - ${series(nodeExporter, 'node_filesystem_avail_bytes', 'mountpoint="/"')} / ${series(nodeExporter, 'node_filesystem_size_bytes', 'mountpoint="/"')}`, legend: '{{node}}' }],
    },
    {
      title: 'Nodes not ready', unit: 'short', description: 'Above 0: kubectl describe node, then the kubelet logs on that node.',
      queries: [{ expr: `sum(${series(kubeStateMetrics, 'kube_node_status_condition', 'condition="Ready",status!="true"')})`, legend: 'not ready' }],
    },
  ],
};

const workloads: DashboardSpec = {
  uid: 'platform-workloads',
  title: 'Platform / Namespaces and workloads',
  panels: [
    { title: 'CPU by namespace', unit: 'cores', queries: [{ expr: `sum by (namespace) (rate(${series(cadvisor, 'container_cpu_usage_seconds_total', 'container!=""')}[5m]))`, legend: '{{namespace}}' }] },
    { title: 'Memory (working set) by namespace', unit: 'bytes', queries: [{ expr: `sum by (namespace) (${series(cadvisor, 'container_memory_working_set_bytes', 'container!=""')})`, legend: '{{namespace}}' }] },
    {
      title: 'Container restarts (1h)', unit: 'short', description: 'A pod restarting: kubectl logs --previous on it.',
      queries: [{ expr: `sum by (namespace, pod) (increase(${series(kubeStateMetrics, 'kube_pod_container_status_restarts_total')}[1h])) > 0`, legend: '{{namespace}}/{{pod}}' }],
    },
    {
      title: 'Deployment replicas missing', unit: 'short',
      queries: [{ expr: `${series(kubeStateMetrics, 'kube_deployment_spec_replicas')} - ${series(kubeStateMetrics, 'kube_deployment_status_replicas_available')} > 0`, legend: '{{namespace}}/{{deployment}}' }],
    },
    { title: 'Pods not ready', unit: 'short', queries: [{ expr: `sum by (namespace) (${series(kubeStateMetrics, 'kube_pod_status_ready', 'condition="false"')})`, legend: '{{namespace}}' }] },
  ],
};

const logging: DashboardSpec = {
  uid: 'platform-logging',
  title: 'Platform / Log shipping (Fluentd)',
  panels: [
    { title: 'Buffered bytes per node', unit: 'bytes', description: 'Growing: Elasticsearch is slow or refusing writes.', queries: [{ expr: `sum by (node) (${series(fluentd, 'fluentd_output_status_buffer_total_bytes')})`, legend: '{{node}}' }] },
    { title: 'Queued chunks per node', unit: 'short', queries: [{ expr: `sum by (node) (${series(fluentd, 'fluentd_output_status_buffer_queue_length')})`, legend: '{{node}}' }] },
    { title: 'Records shipped per second', unit: 'short', queries: [{ expr: `sum(rate(${series(fluentd, 'fluentd_output_status_emit_records')}[5m]))`, legend: 'records/s' }] },
    {
      title: 'Retries and errors', unit: 'short', description: 'Retries climbing: read the Fluentd logs for the Elasticsearch error.',
      queries: [
        { expr: `sum by (node) (${series(fluentd, 'fluentd_output_status_retry_count')})`, legend: 'retries {{node}}' },
        { expr: `sum by (node) (${series(fluentd, 'fluentd_output_status_num_errors')})`, legend: 'errors {{node}}' },
      ],
    },
  ],
};

const elasticsearchHealth: DashboardSpec = {
  uid: 'platform-elasticsearch',
  title: 'Platform / Elasticsearch',
  panels: [
    {
      title: 'Cluster status (1 = current)', unit: 'short', description: 'Red or yellow: GET _cluster/allocation/explain.',
      queries: [{ expr: `max by (color) (${series(elasticsearch, 'elasticsearch_cluster_health_status')})`, legend: '{{color}}' }],
    },
    { title: 'Unassigned shards', unit: 'short', queries: [{ expr: `max(${series(elasticsearch, 'elasticsearch_cluster_health_unassigned_shards')})`, legend: 'unassigned' }] },
    {
      title: 'Data disk used per node', unit: 'percentunit', description: 'At 85% no new shards go to the node; at 95% its indices turn read-only.',
      queries: [{ expr: `1 - ${series(elasticsearch, 'elasticsearch_filesystem_data_available_bytes')} / ${series(elasticsearch, 'elasticsearch_filesystem_data_size_bytes')}`, legend: '{{name}}' }],
    },
  ],
};

const ci: DashboardSpec = {
  uid: 'platform-jenkins',
  title: 'Platform / Jenkins',
  panels: [
    { title: 'Controller ready', unit: 'short', queries: [{ expr: `max(${series(jenkins, 'default_jenkins_up')})`, legend: 'ready' }] },
    { title: 'Queue length by label', unit: 'short', description: 'Growing: agents cannot start (quota, containerCap).', queries: [{ expr: `sum by (label) (${series(jenkins, 'default_jenkins_executors_queue_length')})`, legend: '{{label}}' }] },
    {
      title: 'Agent pods failed', unit: 'short', description: 'Rising: the controller log (KubernetesLauncher) and events in the agents namespace.',
      queries: [
        { expr: `sum(${series(jenkins, 'kubernetes_cloud_pods_creation_failed')})`, legend: 'creation failed' },
        { expr: `sum(${series(jenkins, 'kubernetes_cloud_pods_launch_failed')})`, legend: 'launch failed' },
      ],
    },
  ],
};

const monitoring: DashboardSpec = {
  uid: 'platform-monitoring',
  title: 'Platform / Monitoring',
  panels: [
    { title: 'Targets up by job', unit: 'short', queries: [{ expr: 'sum by (job) (up)', legend: '{{job}}' }] },
    { title: 'Targets down by job', unit: 'short', description: 'Above 0: the Prometheus Targets page names the error.', queries: [{ expr: 'count by (job) (up == 0)', legend: '{{job}}' }] },
    { title: 'Slowest scrape by job', unit: 's', queries: [{ expr: 'max by (job) (scrape_duration_seconds)', legend: '{{job}}' }] },
    { title: 'Failed notifications', unit: 'short', queries: [{ expr: `sum by (integration) (rate(${series(alertmanager, 'alertmanager_notifications_failed_total')}[5m]))`, legend: '{{integration}}' }] },
  ],
};

/**
 * Web apps in `namespace`: rate, errors and duration per Ingress as ingress-nginx sees them (status codes and
 * latency exist only there), and each nginx pod's connections from its exporter sidecar.
 */
function webAppsDashboard(namespace: string): DashboardSpec {
  const ns = `namespace="${namespace}"`;
  const requests = (matchers: string) => `sum by (ingress) (rate(${series(ingressNginx, 'nginx_ingress_controller_requests', matchers)}[5m]))`;
  return {
    uid: 'platform-web-apps',
    title: 'Platform / Web apps',
    panels: [
      { title: 'Requests per second by Ingress', unit: 'short', queries: [{ expr: requests(ns), legend: '{{ingress}}' }] },
      {
        title: '5xx ratio by Ingress', unit: 'percentunit', description: 'Rising: the app\'s pods, readiness and last rollout (WebAppHighErrorRatio).',
        queries: [{ expr: `${requests(`${ns},status=~"5.."`)} / ${requests(ns)}`, legend: '{{ingress}}' }],
      },
      {
        title: 'p95 latency by Ingress', unit: 's',
        queries: [{ expr: `histogram_quantile(0.95, sum by (ingress, le) (rate(${series(ingressNginx, 'nginx_ingress_controller_request_duration_seconds_bucket', ns)}[5m])))`, legend: '{{ingress}}' }],
      },
      {
        title: 'nginx active connections by pod', unit: 'short', description: 'From stub_status; a pod at 0 while others serve: check its readiness.',
        queries: [{ expr: `sum by (pod) (${series(webApps, 'nginx_connections_active', ns)})`, legend: '{{pod}}' }],
      },
    ],
  };
}

/** Which component dashboards to provision: each only where its job is scraped. */
export interface PlatformDashboardsOptions {
  /** Fluentd is scraped. */
  readonly logs: boolean;
  /** The Elasticsearch exporter is scraped. @default false */
  readonly elasticsearch?: boolean;
  /** Jenkins is scraped. @default false */
  readonly jenkins?: boolean;
  /** Namespace of the web apps whose nginx exporters are scraped. @default - no web apps dashboard */
  readonly webAppsNamespace?: string;
}

/** The provisioned dashboards; a component's only where its job is scraped. */
export function platformDashboards(options: PlatformDashboardsOptions): DashboardSpec[] {
  return [
    cluster, workloads, ...options.logs ? [logging] : [], ...options.elasticsearch ? [elasticsearchHealth] : [],
    ...options.jenkins ? [ci] : [], ...options.webAppsNamespace ? [webAppsDashboard(options.webAppsNamespace)] : [], monitoring,
  ];
}

const PANEL_WIDTH = 12;
const PANEL_HEIGHT = 8;

/** Grafana dashboard JSON (time-series panels, two per row) reading the Prometheus data source `datasourceUid`. */
export function dashboardJson(spec: DashboardSpec, datasourceUid: string): Record<string, unknown> {
  const datasource = { type: 'prometheus', uid: datasourceUid };
  return {
    uid: spec.uid,
    title: spec.title,
    tags: ['platform'],
    editable: false,
    schemaVersion: 39,
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    panels: spec.panels.map((panel, i) => ({
      id: i + 1,
      type: 'timeseries',
      title: panel.title,
      description: panel.description,
      datasource,
      gridPos: { x: (i % 2) * PANEL_WIDTH, y: Math.floor(i / 2) * PANEL_HEIGHT, w: PANEL_WIDTH, h: PANEL_HEIGHT },
      fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
      targets: panel.queries.map((q, j) => ({ refId: String.fromCharCode(65 + j), datasource, expr: q.expr, legendFormat: q.legend })),
    })),
  };
}
