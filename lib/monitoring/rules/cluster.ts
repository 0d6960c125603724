import { EXPORTER_METRICS, series } from '../exporter-metrics';
import { alertRuleGroup } from './alert-rule';

const ksm = EXPORTER_METRICS.kubeStateMetrics;
const kubelet = EXPORTER_METRICS.kubelet;

const pvcFree = `${series(kubelet, 'kubelet_volume_stats_available_bytes')} / ${series(kubelet, 'kubelet_volume_stats_capacity_bytes')}`;
const pvcDescription = (free: string): string => `Less than ${free} of the volume is free; the workload fails once it is full. `
  + 'Find what grows (`kubectl -n {{ $labels.namespace }} exec` into the pod, `du`), clean up or shorten retention, '
  + 'or expand the claim (`kubectl -n {{ $labels.namespace }} edit pvc {{ $labels.persistentvolumeclaim }}`, if its StorageClass allows expansion).';

/** Workloads and nodes, from kube-state-metrics and the kubelet. */
export const CLUSTER_RULES = alertRuleGroup('cluster', [
  {
    alert: 'KubePodCrashLooping',
    expr: `max_over_time(${series(ksm, 'kube_pod_container_status_waiting_reason', 'reason="CrashLoopBackOff"')}[5m]) >= 1`,
    for: '15m',
    severity: 'warning',
    summary: 'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} is crash-looping',
    description: 'The container keeps exiting and the kubelet backs off restarting it. Read why it stopped: '
      + '`kubectl -n {{ $labels.namespace }} logs {{ $labels.pod }} -c {{ $labels.container }} --previous` and '
      + '`kubectl -n {{ $labels.namespace }} describe pod {{ $labels.pod }}` (exit code, OOMKilled, failing probes).',
  },
  {
    alert: 'KubePodNotReady',
    // Completed (Succeeded) pods are never ready; only pods that should serve count.
    expr: `(${series(ksm, 'kube_pod_status_ready', 'condition="false"')} == 1) and on (namespace, pod) (${series(ksm, 'kube_pod_status_phase', 'phase=~"Pending|Running|Unknown"')} == 1)`,
    for: '15m',
    severity: 'warning',
    summary: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} has not been ready for 15 minutes',
    description: 'The pod gets no traffic from its Services. `kubectl -n {{ $labels.namespace }} describe pod {{ $labels.pod }}`: '
      + 'a Pending pod waits for resources, a volume or an image (see Events); a Running one fails its readiness probe (read its logs).',
  },
  {
    alert: 'KubePersistentVolumeAlmostFull',
    expr: `${pvcFree} < 0.15`,
    for: '10m',
    severity: 'warning',
    summary: 'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is more than 85% full',
    description: pvcDescription('15%'),
  },
  {
    alert: 'KubePersistentVolumeAlmostFull',
    expr: `${pvcFree} < 0.05`,
    for: '5m',
    severity: 'critical',
    summary: 'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is more than 95% full',
    description: pvcDescription('5%'),
  },
  {
    alert: 'KubeNodeNotReady',
    expr: `${series(ksm, 'kube_node_status_condition', 'condition="Ready",status="true"')} == 0`,
    for: '10m',
    severity: 'critical',
    summary: 'Node {{ $labels.node }} has not been Ready for 10 minutes',
    description: 'Pods on the node are not running or not reachable and will be evicted. `kubectl describe node {{ $labels.node }}` '
      + '(conditions, kubelet heartbeat); check the machine, its kubelet and container runtime, and its network.',
  },
  {
    alert: 'KubeNodeUnderPressure',
    expr: `${series(ksm, 'kube_node_status_condition', 'condition=~"MemoryPressure|DiskPressure|PIDPressure",status="true"')} == 1`,
    for: '5m',
    severity: 'warning',
    summary: 'Node {{ $labels.node }} reports {{ $labels.condition }}',
    description: 'The kubelet evicts pods and admits no new ones until the pressure ends. `kubectl describe node {{ $labels.node }}` '
      + 'and `kubectl top pods -A --sort-by=memory`: find the pods without limits or with growing usage; for DiskPressure, '
      + 'images and container logs on the node fill its disk.',
  },
  {
    alert: 'KubeHpaMaxedOut',
    // An HPA whose minimum is its maximum is always at the maximum.
    expr: `(${series(ksm, 'kube_horizontalpodautoscaler_status_current_replicas')} >= ${series(ksm, 'kube_horizontalpodautoscaler_spec_max_replicas')}) `
      + `and (${series(ksm, 'kube_horizontalpodautoscaler_spec_max_replicas')} > ${series(ksm, 'kube_horizontalpodautoscaler_spec_min_replicas')})`,
    for: '30m',
    severity: 'warning',
    summary: 'HPA {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} has run at its maximum replicas for 30 minutes',
    description: 'The workload cannot scale further, so latency or errors grow with the load. Check the load and the pods\' usage '
      + '(`kubectl -n {{ $labels.namespace }} describe hpa {{ $labels.horizontalpodautoscaler }}`); raise the maximum in the app config '
      + 'if the namespace quota allows, or find why each pod handles less than expected.',
  },
  {
    alert: 'KubeJobFailed',
    expr: `${series(ksm, 'kube_job_failed', 'condition="true"')} == 1`,
    severity: 'warning',
    summary: 'Job {{ $labels.namespace }}/{{ $labels.job_name }} failed',
    description: 'The Job ran out of retries or time. Read its pods\' logs (`kubectl -n {{ $labels.namespace }} logs job/{{ $labels.job_name }}`), '
      + 'fix the cause and re-apply (Jobs are named after what they run, so an unchanged render is a no-op: delete the failed Job first). '
      + 'The alert clears when the failed Job is deleted.',
  },
]);
