import { SCRAPE_JOBS } from '../../../lib/monitoring/scrape-jobs';
import { AlertCase, sample } from '../alert-case';

const ksm = SCRAPE_JOBS.kubeStateMetrics;
const kubelet = SCRAPE_JOBS.kubelet;
const container = { namespace: 'apps', pod: 'web-server-7d9c-x2l', container: 'nginx' };
const pvc = { namespace: 'logging', persistentvolumeclaim: 'data-elasticsearch-0' };
const volume = (available: number): Record<string, string> => ({
  [sample('kubelet_volume_stats_available_bytes', kubelet, pvc)]: `${available}x20`,
  [sample('kubelet_volume_stats_capacity_bytes', kubelet, pvc)]: '100x20',
});
const hpa = { namespace: 'apps', horizontalpodautoscaler: 'web-server' };
const hpaSeries = (labels: Record<string, string>, current: number, min: number, max: number): Record<string, string> => ({
  [sample('kube_horizontalpodautoscaler_status_current_replicas', ksm, labels)]: `${current}x40`,
  [sample('kube_horizontalpodautoscaler_spec_min_replicas', ksm, labels)]: `${min}x40`,
  [sample('kube_horizontalpodautoscaler_spec_max_replicas', ksm, labels)]: `${max}x40`,
});
const node = (condition: string, status: string): Record<string, string> => ({ node: 'worker-1', condition, status });

export const CLUSTER_CASES: AlertCase[] = [
  {
    name: 'a container in CrashLoopBackOff for 20 minutes',
    alert: 'KubePodCrashLooping',
    series: { [sample('kube_pod_container_status_waiting_reason', ksm, { ...container, reason: 'CrashLoopBackOff' })]: '1x30' },
    at: '20m',
    fires: [{ severity: 'warning', labels: { job: ksm, ...container, reason: 'CrashLoopBackOff' } }],
  },
  {
    name: 'a running container',
    alert: 'KubePodCrashLooping',
    series: { [sample('kube_pod_container_status_waiting_reason', ksm, { ...container, reason: 'CrashLoopBackOff' })]: '0x30' },
    at: '20m',
    fires: [],
  },
  {
    name: 'a running pod not ready for 20 minutes',
    alert: 'KubePodNotReady',
    series: {
      [sample('kube_pod_status_ready', ksm, { namespace: 'apps', pod: 'web-1', condition: 'false' })]: '1x30',
      [sample('kube_pod_status_phase', ksm, { namespace: 'apps', pod: 'web-1', phase: 'Running' })]: '1x30',
    },
    at: '20m',
    fires: [{ severity: 'warning', labels: { job: ksm, namespace: 'apps', pod: 'web-1', condition: 'false' } }],
  },
  {
    name: 'a ready pod and a completed Job pod',
    alert: 'KubePodNotReady',
    series: {
      [sample('kube_pod_status_ready', ksm, { namespace: 'apps', pod: 'web-1', condition: 'false' })]: '0x30',
      [sample('kube_pod_status_phase', ksm, { namespace: 'apps', pod: 'web-1', phase: 'Running' })]: '1x30',
      [sample('kube_pod_status_ready', ksm, { namespace: 'logging', pod: 'setup-abc', condition: 'false' })]: '1x30',
      [sample('kube_pod_status_phase', ksm, { namespace: 'logging', pod: 'setup-abc', phase: 'Running' })]: '0x30',
      [sample('kube_pod_status_phase', ksm, { namespace: 'logging', pod: 'setup-abc', phase: 'Succeeded' })]: '1x30',
    },
    at: '20m',
    fires: [],
  },
  {
    name: 'a volume 90% full warns',
    alert: 'KubePersistentVolumeAlmostFull',
    series: volume(10),
    at: '15m',
    fires: [{ severity: 'warning', labels: { job: kubelet, ...pvc } }],
  },
  {
    name: 'a volume 98% full is critical',
    alert: 'KubePersistentVolumeAlmostFull',
    series: volume(2),
    at: '15m',
    fires: [{ severity: 'warning', labels: { job: kubelet, ...pvc } }, { severity: 'critical', labels: { job: kubelet, ...pvc } }],
  },
  {
    name: 'a volume half full',
    alert: 'KubePersistentVolumeAlmostFull',
    series: volume(50),
    at: '15m',
    fires: [],
  },
  {
    name: 'a node not ready for 15 minutes',
    alert: 'KubeNodeNotReady',
    series: { [sample('kube_node_status_condition', ksm, node('Ready', 'true'))]: '0x20' },
    at: '15m',
    fires: [{ severity: 'critical', labels: { job: ksm, ...node('Ready', 'true') } }],
  },
  {
    name: 'a ready node',
    alert: 'KubeNodeNotReady',
    series: { [sample('kube_node_status_condition', ksm, node('Ready', 'true'))]: '1x20' },
    at: '15m',
    fires: [],
  },
  {
    name: 'a node under memory pressure',
    alert: 'KubeNodeUnderPressure',
    series: {
      [sample('kube_node_status_condition', ksm, node('MemoryPressure', 'true'))]: '1x10',
      [sample('kube_node_status_condition', ksm, node('DiskPressure', 'true'))]: '0x10',
    },
    at: '10m',
    fires: [{ severity: 'warning', labels: { job: ksm, ...node('MemoryPressure', 'true') } }],
  },
  {
    name: 'a node under disk pressure',
    alert: 'KubeNodeUnderPressure',
    series: { [sample('kube_node_status_condition', ksm, node('DiskPressure', 'true'))]: '1x10' },
    at: '10m',
    fires: [{ severity: 'warning', labels: { job: ksm, ...node('DiskPressure', 'true') } }],
  },
  {
    name: 'a node without pressure',
    alert: 'KubeNodeUnderPressure',
    series: {
      [sample('kube_node_status_condition', ksm, node('MemoryPressure', 'true'))]: '0x10',
      [sample('kube_node_status_condition', ksm, node('MemoryPressure', 'false'))]: '1x10',
      [sample('kube_node_status_condition', ksm, node('DiskPressure', 'true'))]: '0x10',
    },
    at: '10m',
    fires: [],
  },
  {
    name: 'an HPA at its maximum for 35 minutes',
    alert: 'KubeHpaMaxedOut',
    series: hpaSeries(hpa, 5, 1, 5),
    at: '35m',
    fires: [{ severity: 'warning', labels: { job: ksm, ...hpa } }],
  },
  {
    name: 'an HPA below its maximum, and one whose minimum is its maximum',
    alert: 'KubeHpaMaxedOut',
    series: { ...hpaSeries(hpa, 3, 1, 5), ...hpaSeries({ namespace: 'apps', horizontalpodautoscaler: 'hello-world' }, 2, 2, 2) },
    at: '35m',
    fires: [],
  },
  {
    name: 'a failed Job',
    alert: 'KubeJobFailed',
    series: {
      [sample('kube_job_failed', ksm, { namespace: 'logging', job_name: 'elasticsearch-setup-5f2a', condition: 'true' })]: '1x5',
      [sample('kube_job_failed', ksm, { namespace: 'logging', job_name: 'elasticsearch-setup-5f2a', condition: 'false' })]: '0x5',
    },
    at: '2m',
    fires: [{ severity: 'warning', labels: { job: ksm, namespace: 'logging', job_name: 'elasticsearch-setup-5f2a', condition: 'true' } }],
  },
  {
    name: 'a Job that has not failed',
    alert: 'KubeJobFailed',
    series: {
      [sample('kube_job_failed', ksm, { namespace: 'logging', job_name: 'elasticsearch-setup-5f2a', condition: 'true' })]: '0x5',
      [sample('kube_job_failed', ksm, { namespace: 'logging', job_name: 'elasticsearch-setup-5f2a', condition: 'false' })]: '1x5',
    },
    at: '2m',
    fires: [],
  },
];
