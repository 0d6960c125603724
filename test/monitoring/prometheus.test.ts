import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { Prometheus, PrometheusProps, PROMETHEUS_IMAGE, REPLICA_LABEL, RULES_DIR } from '../../lib/monitoring/prometheus';
import { SCRAPE_JOBS } from '../../lib/monitoring/scrape-jobs';
import { Peer } from '../../lib/network/peer';
import { promtoolCheckConfig } from './tools';

const apiServer = Peer.ipBlock('kube-apiserver', ['10.0.0.0/24']);
const minimal: PrometheusProps = {
  namespace: 'monitoring',
  image: 'quay.io/prometheus/prometheus:v2.55.1',
  replicas: 1,
  resources: { cpu: '100m', memory: '512Mi' },
  storage: { size: '10Gi' },
  retentionTime: '2d',
  retentionSize: '8Gi',
  targets: [],
  apiServer,
  apiServerPorts: [6443],
  partOf: 'monitoring',
};

function synth(props: Partial<PrometheusProps> = {}) {
  const chart = Testing.chart();
  const prometheus = new Prometheus(chart, 'prometheus', { ...minimal, ...props });
  const objects = Testing.synth(chart) as any[];
  const of = (kind: string, name?: string) => objects.filter(o => o.kind === kind && (name === undefined || o.metadata.name === name));
  return { prometheus, objects, of, sts: of('StatefulSet')[0], container: of('StatefulSet')[0].spec.template.spec.containers[0] };
}

describe('Prometheus', () => {
  test('runs the image as its own user (nobody) with a read-only root and its volume at the image data path', () => {
    const { sts, container } = synth();
    const pod = sts.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: PROMETHEUS_IMAGE.uid, fsGroup: PROMETHEUS_IMAGE.uid });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(container.args).toEqual(expect.arrayContaining([`--config.file=${PROMETHEUS_IMAGE.configFile}`, `--storage.tsdb.path=${PROMETHEUS_IMAGE.dataDir}`]));
    expect(container.volumeMounts).toContainEqual({ name: 'data', mountPath: PROMETHEUS_IMAGE.dataDir });
    expect(container.volumeMounts).toContainEqual({ name: 'config', mountPath: PROMETHEUS_IMAGE.configFile, subPath: 'prometheus.yml', readOnly: true });
    expect(container.readinessProbe.httpGet.path).toBe(PROMETHEUS_IMAGE.readyPath);
    expect(container.livenessProbe.httpGet.path).toBe(PROMETHEUS_IMAGE.healthyPath);
  });

  test('keeps its volume claims on delete and scale-down, sized as asked', () => {
    const { sts } = synth({ storage: { size: '50Gi', storageClassName: 'fast' } });
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(sts.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: 'fast', resources: { requests: { storage: '50Gi' } } });
  });

  test('retention by time and by size, the size in Prometheus\' base-2 MB', () => {
    const { container } = synth({ retentionTime: '15d', retentionSize: '80Gi' });
    expect(container.args).toEqual(expect.arrayContaining(['--storage.tsdb.retention.time=15d', '--storage.tsdb.retention.size=81920MB']));
  });

  test('each replica labels its series with its pod name: the flag that expands it and the variable it reads', () => {
    const { prometheus, container } = synth({ externalLabels: { cluster: 'prod' } });
    expect(parse(prometheus.config).global.external_labels).toEqual({ cluster: 'prod', [REPLICA_LABEL]: '${POD_NAME}' });
    expect(container.args).toContain(PROMETHEUS_IMAGE.featuresFlag);
    expect(PROMETHEUS_IMAGE.featuresFlag.split('=')[1].split(',')).toEqual(expect.arrayContaining(['expand-external-labels', 'auto-gomemlimit']));
    expect(container.env).toContainEqual({ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
  });

  test('service discovery RBAC: read-only, on exactly the discovered resources and /metrics', () => {
    const { of } = synth();
    const [role] = of('ClusterRole');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['nodes', 'nodes/metrics', 'services', 'endpoints', 'pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] },
      { nonResourceURLs: ['/metrics'], verbs: ['get'] },
    ]);
    const [binding] = of('ClusterRoleBinding');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' }]);
    expect(binding.roleRef.name).toBe(role.metadata.name);
  });

  test('one replica: no PDB, anti-affinity preferred; a pair: a PDB and the anti-affinity asked for', () => {
    expect(synth().of('PodDisruptionBudget')).toHaveLength(0);
    expect(synth().sts.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
    const pair = synth({ replicas: 2, antiAffinity: 'required' });
    expect(pair.of('PodDisruptionBudget')[0].spec.selector.matchLabels).toEqual(pair.sts.spec.selector.matchLabels);
    expect(pair.sts.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
    // A client sticks to one replica of the pair (their samples differ), the headless Service still lists both.
    const services = pair.of('Service');
    expect(services.find((s: any) => s.spec.clusterIp !== 'None' && s.spec.clusterIP !== 'None').spec.sessionAffinity).toBe('ClientIP');
  });

  test('scrapes itself and every target, each with a flow to the target\'s pods on its port', () => {
    const fluentd = Peer.workload('fluentd', 'logging-agents', { app: 'fluentd' });
    const { prometheus, of } = synth({ targets: [{ job: SCRAPE_JOBS.fluentd, peer: fluentd, discovery: 'pods', port: 24231 }] });
    expect(parse(prometheus.config).scrape_configs.map((s: any) => s.job_name)).toEqual([SCRAPE_JOBS.fluentd, SCRAPE_JOBS.prometheus]);
    const ingress = of('NetworkPolicy', 'prometheus-to-fluentd-ingress')[0];
    expect(ingress.metadata.namespace).toBe('logging-agents');
    expect(ingress.spec.ingress[0].ports).toEqual([{ port: 24231, protocol: 'TCP' }]);
    expect(of('NetworkPolicy', 'prometheus-to-fluentd-egress')[0].metadata.namespace).toBe('monitoring');
    expect(of('NetworkPolicy', 'prometheus-to-prometheus-ingress')[0].spec.ingress[0].ports).toEqual([{ port: 9090, protocol: 'TCP' }]);
  });

  test('two jobs on one peer share one flow with both ports', () => {
    const nodes = Peer.ipBlock('nodes', ['10.1.0.0/16']);
    const { of } = synth({ targets: [
      { job: SCRAPE_JOBS.kubelet, peer: nodes, discovery: 'nodes', port: 10250, scheme: 'https', tls: 'skipVerify' },
      { job: SCRAPE_JOBS.cadvisor, peer: nodes, discovery: 'nodes', port: 10250, path: '/metrics/cadvisor', scheme: 'https', tls: 'skipVerify' },
      { job: SCRAPE_JOBS.nodeExporter, peer: nodes, pods: Peer.workload('ne', 'agents', { a: 'b' }), discovery: 'pods', port: 9100 },
    ] });
    const [egress] = of('NetworkPolicy', 'prometheus-to-nodes-egress');
    expect(egress.spec.egress[0]).toEqual({ to: [{ ipBlock: { cidr: '10.1.0.0/16' } }], ports: [{ port: 10250, protocol: 'TCP' }, { port: 9100, protocol: 'TCP' }] });
    expect(of('NetworkPolicy', 'prometheus-to-nodes-ingress')).toHaveLength(0);
  });

  test('an API server job on a port the API server flow does not open is refused', () => {
    expect(() => synth({ targets: [{ job: SCRAPE_JOBS.apiServer, peer: apiServer, discovery: 'apiServer', port: 443, scheme: 'https' }] }))
      .toThrow(/port 443 is not one of the API server ports 6443/);
  });

  test('rule files are mounted where rule_files looks, and roll the pods when they change', () => {
    const a = synth({ ruleFiles: { 'cluster.yaml': 'groups: []\n' } });
    expect(a.of('ConfigMap', 'prometheus-rules')[0].data).toEqual({ 'cluster.yaml': 'groups: []\n' });
    expect(parse(a.prometheus.config).rule_files).toEqual([`${RULES_DIR}/*.yaml`]);
    expect(a.container.volumeMounts).toContainEqual({ name: 'rules', mountPath: RULES_DIR, readOnly: true });
    const b = synth({ ruleFiles: { 'cluster.yaml': 'groups: [{name: x, rules: []}]\n' } });
    expect(b.sts.spec.template.metadata.annotations).not.toEqual(a.sts.spec.template.metadata.annotations);
  });

  test('sends alerts to the Alertmanager pods, with a flow to them', () => {
    const am = Peer.workload('alertmanager', 'monitoring', { app: 'alertmanager' });
    const { prometheus, of } = synth({ alertmanager: { pods: am, port: 9093 } });
    const alerting = parse(prometheus.config).alerting;
    expect(alerting.alertmanagers[0].kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['monitoring'] }, selectors: [{ role: 'pod', label: 'app=alertmanager' }] }]);
    // The pair's alerts differ only by the replica label: dropped, so Alertmanager sees one alert.
    expect(alerting.alert_relabel_configs).toEqual([{ action: 'labeldrop', regex: REPLICA_LABEL }]);
    expect(of('NetworkPolicy', 'prometheus-to-alertmanager-ingress')[0].spec.ingress[0].ports).toEqual([{ port: 9093, protocol: 'TCP' }]);
    expect(promtoolCheckConfig(prometheus.config)).toMatchObject({ status: 0 });
  });
});
