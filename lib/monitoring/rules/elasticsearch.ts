import { EXPORTER_METRICS, series } from '../exporter-metrics';
import { alertRuleGroup } from './alert-rule';

const es = EXPORTER_METRICS.elasticsearch;

const diskUsed = `1 - ${series(es, 'elasticsearch_filesystem_data_available_bytes')} / ${series(es, 'elasticsearch_filesystem_data_size_bytes')}`;

/**
 * Elasticsearch's default disk watermarks (`cluster.routing.allocation.disk.watermark.*`, not overridden by the
 * platform): above `low` no new shard is allocated to the node, above `high` shards move away from it, at
 * `floodStage` its indices turn read-only and Fluentd's writes fail.
 */
const ES_DISK_WATERMARKS = { low: 0.85, high: 0.9, floodStage: 0.95 } as const;

const percent = (ratio: number): string => `${Math.round(ratio * 100)}%`;
const watermarkDescription = (watermark: keyof typeof ES_DISK_WATERMARKS, effect: string): string =>
  `Node {{ $labels.name }} passed the ${watermark} disk watermark (${percent(ES_DISK_WATERMARKS[watermark])}): ${effect}. Lower \`logging.retentionDays\`, `
  + 'delete old `k8s-logs-*` indices, or expand the data volumes; check that ILM deletes indices (`GET _ilm/explain/k8s-logs-*`).';

/** Elasticsearch, from elasticsearch_exporter. */
export const ELASTICSEARCH_RULES = alertRuleGroup('elasticsearch', [
  {
    alert: 'ElasticsearchClusterRed',
    expr: `${series(es, 'elasticsearch_cluster_health_status', 'color="red"')} == 1`,
    for: '5m',
    severity: 'critical',
    summary: 'Elasticsearch cluster {{ $labels.cluster }} is red',
    description: 'At least one primary shard is unassigned: its index cannot be written or fully searched, and logs for it are '
      + 'retried by Fluentd. `GET _cluster/allocation/explain` tells why; usually a node is down or out of disk.',
  },
  {
    alert: 'ElasticsearchClusterYellow',
    expr: `${series(es, 'elasticsearch_cluster_health_status', 'color="yellow"')} == 1`,
    for: '20m',
    severity: 'warning',
    summary: 'Elasticsearch cluster {{ $labels.cluster }} has been yellow for 20 minutes',
    description: 'Some replica shards are unassigned: one more node loss can lose data. Check that every ES pod is running and '
      + 'ready, and `GET _cluster/allocation/explain` for the reason (disk watermark, allocation rules).',
  },
  {
    alert: 'ElasticsearchDiskWatermark',
    expr: `${diskUsed} > ${ES_DISK_WATERMARKS.low}`,
    for: '5m',
    severity: 'warning',
    summary: `Elasticsearch node {{ $labels.name }} data disk is more than ${percent(ES_DISK_WATERMARKS.low)} full`,
    description: watermarkDescription('low', 'no new shards are allocated to it'),
  },
  {
    alert: 'ElasticsearchDiskWatermark',
    expr: `${diskUsed} > ${ES_DISK_WATERMARKS.high}`,
    for: '5m',
    severity: 'critical',
    summary: `Elasticsearch node {{ $labels.name }} data disk is more than ${percent(ES_DISK_WATERMARKS.high)} full`,
    description: watermarkDescription('high', `shards are moved away from it, and at ${percent(ES_DISK_WATERMARKS.floodStage)} its indices become read-only and log shipping stops`),
  },
  {
    alert: 'ElasticsearchUnassignedShards',
    expr: `${series(es, 'elasticsearch_cluster_health_unassigned_shards')} > 0`,
    for: '20m',
    severity: 'warning',
    summary: 'Elasticsearch cluster {{ $labels.cluster }} has unassigned shards for 20 minutes',
    description: 'Shards stay unassigned longer than a node restart takes. `GET _cat/shards?v&h=index,shard,prirep,state,unassigned.reason` '
      + 'and `GET _cluster/allocation/explain`; an index with more replicas than nodes can never be assigned.',
  },
  {
    alert: 'ElasticsearchExporterCollectorFailing',
    // The exporter stays up while Elasticsearch is unreachable, and the health and SLM series simply vanish:
    // no other alert would notice.
    expr: `${series(es, 'elasticsearch_scrape_success')} == 0`,
    for: '10m',
    severity: 'warning',
    summary: 'elasticsearch-exporter cannot read Elasticsearch (collector {{ $labels.collector }})',
    description: 'While it fails, its metrics and the alerts on them (cluster health, snapshots) are missing. The exporter\'s log says why: '
      + 'connection refused or a TLS error means Elasticsearch is down or unreachable from `logging`; 401 or 403 means its user or role '
      + 'lacks a privilege, which the setup CronJob restores within 15 minutes (`kubectl -n logging get cronjobs,jobs`).',
  },
  {
    alert: 'ElasticsearchSnapshotFailed',
    expr: `increase(${series(es, 'elasticsearch_slm_stats_snapshots_failed_total')}[1d]) > 0`,
    severity: 'warning',
    summary: 'Elasticsearch snapshot policy {{ $labels.policy }} failed a snapshot in the last day',
    description: 'The last snapshot may be missing: `GET _slm/policy/{{ $labels.policy }}` shows `last_failure` with the reason. '
      + 'Check the repository (`POST _snapshot/<repository>/_verify`: credentials, bucket, mount), then `POST _slm/policy/{{ $labels.policy }}/_execute`.',
  },
  {
    alert: 'ElasticsearchSnapshotLifecycleStopped',
    expr: `${series(es, 'elasticsearch_slm_stats_operation_mode', 'operation_mode="RUNNING"')} == 0`,
    for: '30m',
    severity: 'warning',
    // collector/slm.go (v1.9.0) labels these series with operation_mode only: no cluster to name.
    summary: 'Elasticsearch snapshot lifecycle management (SLM) is not running',
    description: 'No scheduled snapshot is taken while SLM is stopped. `GET _slm/status`; start it with `POST _slm/start` unless '
      + 'it was stopped on purpose (maintenance).',
  },
]);
