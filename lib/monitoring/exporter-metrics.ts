import { SCRAPE_JOBS, ScrapeJob } from './scrape-jobs';

/**
 * Metric names each scrape job produces, as far as the dashboards and rules of this repository use
 * them, each list with where it was read (upstream repository, tag, file). Queries are checked
 * against this list: a metric no scraped job produces is a query that always comes back empty.
 * Dependency-free, so rules, dashboards and tests all read it.
 */
export const EXPORTER_METRICS: Readonly<Partial<Record<ScrapeJob, { readonly source: string; readonly metrics: readonly string[] }>>> = {
  [SCRAPE_JOBS.nodeExporter]: {
    source: 'prometheus/node_exporter v1.9.1: collector/cpu_linux.go (node_cpu_seconds_total), collector/meminfo.go + meminfo_linux.go (node_memory_<field>_bytes), collector/filesystem_common.go',
    metrics: ['node_cpu_seconds_total', 'node_memory_MemAvailable_bytes', 'node_memory_MemTotal_bytes', 'node_filesystem_avail_bytes', 'node_filesystem_size_bytes'],
  },
  [SCRAPE_JOBS.cadvisor]: {
    source: 'google/cadvisor (in the kubelet): metrics/prometheus.go',
    metrics: ['container_cpu_usage_seconds_total', 'container_memory_working_set_bytes'],
  },
  [SCRAPE_JOBS.kubeStateMetrics]: {
    source: 'kubernetes/kube-state-metrics v2.16.0: internal/store/pod.go, node.go, deployment.go',
    metrics: ['kube_pod_container_status_restarts_total', 'kube_pod_status_ready', 'kube_node_status_condition', 'kube_deployment_status_replicas_available', 'kube_deployment_spec_replicas'],
  },
  [SCRAPE_JOBS.fluentd]: {
    source: 'fluent/fluent-plugin-prometheus v2.2.2: lib/fluent/plugin/in_prometheus_output_monitor.rb',
    metrics: ['fluentd_output_status_buffer_total_bytes', 'fluentd_output_status_buffer_queue_length', 'fluentd_output_status_retry_count', 'fluentd_output_status_num_errors', 'fluentd_output_status_emit_records'],
  },
  [SCRAPE_JOBS.alertmanager]: {
    source: 'prometheus/alertmanager v0.28.1: notify/notify.go',
    metrics: ['alertmanager_notifications_failed_total'],
  },
};

/** Series Prometheus writes for every target of every job (scrape/scrape.go: `up`, `scrape_duration_seconds`, ...). */
export const SCRAPE_SERIES = ['up', 'scrape_duration_seconds', 'scrape_samples_scraped'] as const;
