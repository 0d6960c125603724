import { SCRAPE_JOBS } from '../../../lib/monitoring/scrape-jobs';
import { AlertCase, sample } from '../alert-case';

const job = SCRAPE_JOBS.elasticsearch;
const cluster = { cluster: 'logging' };
const status = (color: string): string => sample('elasticsearch_cluster_health_status', job, { ...cluster, color });
const node = { ...cluster, name: 'elasticsearch-0', mount: '/usr/share/elasticsearch/data' };
const disk = (available: number): Record<string, string> => ({
  [sample('elasticsearch_filesystem_data_available_bytes', job, node)]: `${available}x20`,
  [sample('elasticsearch_filesystem_data_size_bytes', job, node)]: '100x20',
});

// collector/slm.go (v1.9.0) labels the SLM series without `cluster`.
const policy = { policy: 'k8s-logs' };
const slmFailed = sample('elasticsearch_slm_stats_snapshots_failed_total', job, policy);
const slmMode = (mode: string): string => sample('elasticsearch_slm_stats_operation_mode', job, { operation_mode: mode });

export const ELASTICSEARCH_CASES: AlertCase[] = [
  {
    name: 'a red cluster',
    alert: 'ElasticsearchClusterRed',
    series: { [status('red')]: '1x10', [status('green')]: '0x10' },
    at: '10m',
    fires: [{ severity: 'critical', labels: { job, ...cluster, color: 'red' } }],
  },
  {
    name: 'a green cluster is not red',
    alert: 'ElasticsearchClusterRed',
    series: { [status('red')]: '0x10', [status('green')]: '1x10' },
    at: '10m',
    fires: [],
  },
  {
    name: 'a yellow cluster for 25 minutes',
    alert: 'ElasticsearchClusterYellow',
    series: { [status('yellow')]: '1x30', [status('green')]: '0x30' },
    at: '25m',
    fires: [{ severity: 'warning', labels: { job, ...cluster, color: 'yellow' } }],
  },
  {
    name: 'a green cluster is not yellow',
    alert: 'ElasticsearchClusterYellow',
    series: { [status('yellow')]: '0x30', [status('green')]: '1x30' },
    at: '25m',
    fires: [],
  },
  {
    name: 'a data disk 88% full passed the low watermark',
    alert: 'ElasticsearchDiskWatermark',
    series: disk(12),
    at: '10m',
    fires: [{ severity: 'warning', labels: { job, ...node } }],
  },
  {
    name: 'a data disk 95% full passed the high watermark',
    alert: 'ElasticsearchDiskWatermark',
    series: disk(5),
    at: '10m',
    fires: [{ severity: 'warning', labels: { job, ...node } }, { severity: 'critical', labels: { job, ...node } }],
  },
  {
    name: 'a data disk 60% full',
    alert: 'ElasticsearchDiskWatermark',
    series: disk(40),
    at: '10m',
    fires: [],
  },
  {
    name: 'unassigned shards for 25 minutes',
    alert: 'ElasticsearchUnassignedShards',
    series: { [sample('elasticsearch_cluster_health_unassigned_shards', job, cluster)]: '3x30' },
    at: '25m',
    fires: [{ severity: 'warning', labels: { job, ...cluster } }],
  },
  {
    name: 'every shard assigned',
    alert: 'ElasticsearchUnassignedShards',
    series: { [sample('elasticsearch_cluster_health_unassigned_shards', job, cluster)]: '0x30' },
    at: '25m',
    fires: [],
  },
  {
    name: 'the slm collector failing for 15 minutes',
    alert: 'ElasticsearchExporterCollectorFailing',
    series: { [sample('elasticsearch_scrape_success', job, { collector: 'slm' })]: '1x5 0x15', [sample('elasticsearch_scrape_success', job, { collector: 'cluster-info' })]: '1x20' },
    at: '20m',
    fires: [{ severity: 'warning', labels: { job, collector: 'slm' } }],
  },
  {
    name: 'collectors succeeding, or failing only briefly',
    alert: 'ElasticsearchExporterCollectorFailing',
    series: { [sample('elasticsearch_scrape_success', job, { collector: 'slm' })]: '1x10 0x5 1x5', [sample('elasticsearch_scrape_success', job, { collector: 'cluster-info' })]: '1x20' },
    at: '20m',
    fires: [],
  },
  {
    name: 'a failed snapshot in the last day',
    alert: 'ElasticsearchSnapshotFailed',
    series: { [slmFailed]: '0x30 1x30' },
    at: '50m',
    fires: [{ severity: 'warning', labels: { job, ...policy } }],
  },
  {
    name: 'no snapshot failed',
    alert: 'ElasticsearchSnapshotFailed',
    series: { [slmFailed]: '2x60' },
    at: '50m',
    fires: [],
  },
  {
    name: 'SLM stopped for 40 minutes',
    alert: 'ElasticsearchSnapshotLifecycleStopped',
    series: { [slmMode('RUNNING')]: '0x45', [slmMode('STOPPED')]: '1x45' },
    at: '40m',
    fires: [{ severity: 'warning', labels: { job, operation_mode: 'RUNNING' } }],
  },
  {
    name: 'SLM running',
    alert: 'ElasticsearchSnapshotLifecycleStopped',
    series: { [slmMode('RUNNING')]: '1x45', [slmMode('STOPPED')]: '0x45' },
    at: '40m',
    fires: [],
  },
];
