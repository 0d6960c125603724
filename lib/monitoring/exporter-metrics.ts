import { SCRAPE_JOBS, ScrapeJob } from './scrape-jobs';

/** Where a list of metric names was read: a repository, a tag and the files that define the names. */
export interface MetricSource {
  /** GitHub `owner/name`. */
  readonly repo: string;
  /** The tag (or commit) the names were read at; the scraped component must run this version. */
  readonly tag: string;
  /** Files, relative to the repository root, that define the names. */
  readonly files: readonly string[];
}

/** The metric names one scrape job produces (the ones the platform relies on), with their source. */
export interface ExporterMetrics<M extends string = string> {
  /** The `job` label of the series (the Prometheus scrape job). */
  readonly job: ScrapeJob;
  readonly sources: readonly MetricSource[];
  readonly metrics: readonly M[];
}

function exporter<const M extends string>(e: ExporterMetrics<M>): ExporterMetrics<M> {
  return e;
}

/**
 * The metric names each scrape job produces, as read in the upstream source at the version the platform
 * runs. Alert rules build their selectors from this list ({@link series}), so a rule cannot name a metric
 * that no declared job produces; the versions here are the pins the scraped components must use.
 */
export const EXPORTER_METRICS = {
  kubeStateMetrics: exporter({
    job: SCRAPE_JOBS.kubeStateMetrics,
    sources: [{
      repo: 'kubernetes/kube-state-metrics', tag: 'v2.10.1',
      files: ['internal/store/pod.go', 'internal/store/node.go', 'internal/store/job.go', 'internal/store/horizontalpodautoscaler.go', 'internal/store/deployment.go', 'internal/store/utils.go'],
    }],
    metrics: [
      // Labels: namespace, pod, container, reason.
      'kube_pod_container_status_waiting_reason',
      // Labels: namespace, pod, condition (true|false|unknown, lower case: utils.go addConditionMetrics).
      'kube_pod_status_ready',
      // Labels: namespace, pod, phase.
      'kube_pod_status_phase',
      // Labels: node, condition, status (true|false|unknown).
      'kube_node_status_condition',
      // Labels: namespace, horizontalpodautoscaler.
      'kube_horizontalpodautoscaler_status_current_replicas',
      'kube_horizontalpodautoscaler_spec_max_replicas',
      'kube_horizontalpodautoscaler_spec_min_replicas',
      // Labels: namespace, job_name, condition (true|false|unknown).
      'kube_job_failed',
      // Labels: namespace, pod, container.
      'kube_pod_container_status_restarts_total',
      // Labels: namespace, deployment.
      'kube_deployment_spec_replicas',
      'kube_deployment_status_replicas_available',
    ],
  }),
  nodeExporter: exporter({
    job: SCRAPE_JOBS.nodeExporter,
    // Names are node_<subsystem>_<name>; meminfo fields become node_memory_<field>_bytes.
    sources: [{
      repo: 'prometheus/node_exporter', tag: 'v1.9.1',
      files: ['collector/cpu_linux.go', 'collector/meminfo.go', 'collector/meminfo_linux.go', 'collector/filesystem_common.go'],
    }],
    metrics: [
      // Labels: cpu, mode.
      'node_cpu_seconds_total',
      'node_memory_MemAvailable_bytes',
      'node_memory_MemTotal_bytes',
      // Labels: device, fstype, mountpoint.
      'node_filesystem_avail_bytes',
      'node_filesystem_size_bytes',
    ],
  }),
  cadvisor: exporter({
    job: SCRAPE_JOBS.cadvisor,
    // cAdvisor inside the kubelet (/metrics/cadvisor; Kubernetes 1.27 vendors v0.47.1). Labels: namespace, pod,
    // container (empty for the pod's own cgroup).
    sources: [{ repo: 'google/cadvisor', tag: 'v0.47.1', files: ['metrics/prometheus.go'] }],
    metrics: ['container_cpu_usage_seconds_total', 'container_memory_working_set_bytes'],
  }),
  kubelet: exporter({
    job: SCRAPE_JOBS.kubelet,
    // The 1.27 tree was not at hand: read at a later commit of the main branch. These PVC-keyed names and their
    // labels (namespace, persistentvolumeclaim) date from Kubernetes 1.8, long before 1.27.
    sources: [{ repo: 'kubernetes/kubernetes', tag: '03ac3ef25991c7a3e6660ba5bdfe9f8e4dcf6062', files: ['pkg/kubelet/metrics/collectors/volume_stats.go'] }],
    metrics: ['kubelet_volume_stats_available_bytes', 'kubelet_volume_stats_capacity_bytes'],
  }),
  elasticsearch: exporter({
    job: SCRAPE_JOBS.elasticsearch,
    // Namespace `elasticsearch` (collector/collector.go). Node metrics cover every node only with `--es.all`; the
    // SLM series exist only with `--collector.slm` (rendered where a snapshot policy is configured).
    sources: [{
      repo: 'prometheus-community/elasticsearch_exporter', tag: 'v1.9.0',
      files: ['collector/cluster_health.go', 'collector/nodes.go', 'collector/slm.go', 'collector/collector.go'],
    }],
    metrics: [
      // Labels: cluster, color (green|yellow|red); 1 for the current color.
      'elasticsearch_cluster_health_status',
      // Labels: cluster.
      'elasticsearch_cluster_health_unassigned_shards',
      // Labels: cluster, host, name, es_*_node, mount, path.
      'elasticsearch_filesystem_data_available_bytes',
      'elasticsearch_filesystem_data_size_bytes',
      // Counter, label: policy only (from `GET _slm/stats`, kept in the cluster state across restarts).
      'elasticsearch_slm_stats_snapshots_failed_total',
      // Label: operation_mode only (RUNNING|STOPPING|STOPPED); 1 for the current mode.
      'elasticsearch_slm_stats_operation_mode',
      // Label: collector; 1 when its last read of Elasticsearch succeeded. Only the collectors registered through
      // collector.go report it: `cluster-info` (always on, `GET /`) and `slm` (with --collector.slm).
      'elasticsearch_scrape_success',
    ],
  }),
  fluentd: exporter({
    job: SCRAPE_JOBS.fluentd,
    // The `prometheus_output_monitor` source with its default `gauge_all true`: every name is a gauge (no `_total`),
    // labels plugin_id and type. Fluentd (v1.19.3 lib/fluent/plugin/output.rb `statistics`) reports `retry_count` as
    // its error count, and the plugin sets both retry_count and num_errors from it: the two are the same number.
    sources: [
      { repo: 'fluent/fluent-plugin-prometheus', tag: 'v2.2.2', files: ['lib/fluent/plugin/in_prometheus_output_monitor.rb'] },
      { repo: 'fluent/fluentd', tag: 'v1.19.3', files: ['lib/fluent/plugin/output.rb', 'lib/fluent/plugin/buffer.rb'] },
    ],
    metrics: [
      // Percent (0-100) of total_limit_size still free (buffer.rb: `buffer_space * 100`).
      'fluentd_output_status_buffer_available_space_ratio',
      // Failed emits and flushes (counts up).
      'fluentd_output_status_num_errors',
      'fluentd_output_status_retry_count',
      // Write attempts (counted before the write) and writes taken back after an error.
      'fluentd_output_status_write_count',
      'fluentd_output_status_rollback_count',
      // Records handed to the output.
      'fluentd_output_status_emit_records',
      // Bytes in the stage and queue, and queued chunks.
      'fluentd_output_status_buffer_total_bytes',
      'fluentd_output_status_buffer_queue_length',
    ],
  }),
  jenkins: exporter({
    job: SCRAPE_JOBS.jenkins,
    sources: [
      // Names are `<namespace>_jenkins_<name>`; namespace `default` unless PROMETHEUS_NAMESPACE is set (util/ConfigurationUtils.java).
      {
        repo: 'jenkinsci/prometheus-plugin', tag: '852.v317db_5d17a_b_0',
        files: ['src/main/java/org/jenkinsci/plugins/prometheus/collectors/CollectorType.java', 'src/main/java/org/jenkinsci/plugins/prometheus/ExecutorCollector.java'],
      },
      // Dropwizard counters, exported by the prometheus plugin's DropwizardExports (simpleclient_dropwizard 0.16.0) as
      // gauges named with dots turned into underscores; a counter appears only once it was first incremented.
      { repo: 'jenkinsci/kubernetes-plugin', tag: '4423.vb_59f230b_ce53', files: ['src/main/java/org/csanchez/jenkins/plugins/kubernetes/MetricNames.java'] },
    ],
    metrics: [
      // 1 when Jenkins is ready to receive requests.
      'default_jenkins_up',
      // Labels: label (a Jenkins label or node name).
      'default_jenkins_executors_queue_length',
      'kubernetes_cloud_pods_creation_failed',
      'kubernetes_cloud_pods_launch_failed',
    ],
  }),
  webApps: exporter({
    job: SCRAPE_JOBS.webApps,
    // The nginx-prometheus-exporter sidecar (namespace `nginx`) reading stub_status: connection counters and a
    // request total per pod, no status codes or durations (those come from ingress-nginx, per Ingress).
    sources: [{ repo: 'nginx/nginx-prometheus-exporter', tag: 'v1.5.1', files: ['collector/nginx.go', 'collector/helper.go'] }],
    metrics: [
      // 1 when the exporter could read stub_status.
      'nginx_up',
      'nginx_connections_active',
      'nginx_connections_accepted',
      'nginx_connections_handled',
      'nginx_connections_reading',
      'nginx_connections_writing',
      'nginx_connections_waiting',
      'nginx_http_requests_total',
    ],
  }),
  ingressNginx: exporter({
    job: SCRAPE_JOBS.ingressNginx,
    // Namespace `nginx_ingress_controller` (collectors/main.go). Labels: status (the code, e.g. 503), method, path,
    // namespace, ingress, service, canary. The duration histogram is in seconds.
    sources: [{
      repo: 'kubernetes/ingress-nginx', tag: 'controller-v1.11.3',
      files: ['internal/ingress/metric/collectors/main.go', 'internal/ingress/metric/collectors/socket.go'],
    }],
    metrics: ['nginx_ingress_controller_requests', 'nginx_ingress_controller_request_duration_seconds_bucket'],
  }),
  certManager: exporter({
    job: SCRAPE_JOBS.certManager,
    // Labels: name, namespace, issuer_name, issuer_kind, issuer_group (+ condition for ready_status).
    sources: [{ repo: 'cert-manager/cert-manager', tag: 'v1.16.5', files: ['pkg/metrics/metrics.go'] }],
    metrics: ['certmanager_certificate_expiration_timestamp_seconds', 'certmanager_certificate_ready_status'],
  }),
  prometheus: exporter({
    job: SCRAPE_JOBS.prometheus,
    sources: [{ repo: 'prometheus/prometheus', tag: 'v2.55.1', files: ['rules/group.go', 'notifier/notifier.go', 'cmd/prometheus/main.go'] }],
    metrics: [
      // Labels: rule_group.
      'prometheus_rule_evaluation_failures_total',
      // Labels: alertmanager.
      'prometheus_notifications_errors_total',
      'prometheus_notifications_sent_total',
      'prometheus_notifications_dropped_total',
      'prometheus_config_last_reload_successful',
    ],
  }),
  alertmanager: exporter({
    job: SCRAPE_JOBS.alertmanager,
    sources: [{ repo: 'prometheus/alertmanager', tag: 'v0.28.1', files: ['notify/notify.go', 'config/coordinator.go'] }],
    metrics: [
      // Labels: integration (email, webhook, slack, msteamsv2, ...), reason.
      'alertmanager_notifications_failed_total',
      // Labels: integration.
      'alertmanager_notifications_total',
      'alertmanager_config_last_reload_successful',
    ],
  }),
} as const;

/**
 * Series Prometheus itself writes for every target of every job (prometheus/prometheus v2.55.1
 * scrape/scrape.go): selectors of these need no `job` label.
 */
export const TARGET_METRICS = ['up', 'scrape_duration_seconds'] as const;
export type TargetMetric = typeof TARGET_METRICS[number];

/**
 * A series selector `metric{job="<the exporter's job>",<matchers>}`. The metric name must be in the
 * exporter's list, so a rule cannot select a series no declared job produces.
 */
export function series<M extends string>(exporterMetrics: ExporterMetrics<M>, metric: M, matchers?: string): string {
  return `${metric}{job="${exporterMetrics.job}"${matchers ? `,${matchers}` : ''}}`;
}
