import { parse } from 'yaml';
import { prometheusConfig, renderPrometheusConfig } from '../../lib/monitoring/prometheus-config';
import { SCRAPE_JOBS } from '../../lib/monitoring/scrape-jobs';
import { scrapeConfig, SERVICE_ACCOUNT_DIR } from '../../lib/monitoring/scrape-target';
import { Peer } from '../../lib/network/peer';
import { promtoolCheckConfig } from './tools';

const pods = Peer.workload('ksm', 'monitoring', { 'app.kubernetes.io/name': 'ksm', 'app.kubernetes.io/instance': 'ksm' });
const nodes = Peer.ipBlock('nodes', ['10.0.0.0/20']);

describe('scrapeConfig', () => {
  test('pods: discovered in their namespace by their labels, kept on the declared port only, running pods only', () => {
    const job = scrapeConfig({ job: SCRAPE_JOBS.kubeStateMetrics, peer: pods, discovery: 'pods', port: 8080 }) as any;
    expect(job).toMatchObject({ job_name: 'kube-state-metrics', scheme: 'http', metrics_path: '/metrics' });
    expect(job.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['monitoring'] }, selectors: [{ role: 'pod', label: 'app.kubernetes.io/name=ksm,app.kubernetes.io/instance=ksm' }] }]);
    expect(job.relabel_configs[0]).toEqual({ source_labels: ['__meta_kubernetes_pod_container_port_number'], regex: '8080', action: 'keep' });
    expect(job.relabel_configs[1]).toMatchObject({ regex: 'Pending|Succeeded|Failed', action: 'drop' });
    expect(job.authorization).toBeUndefined();
    expect(job.honor_labels).toBeUndefined();
    const ksm = scrapeConfig({ job: SCRAPE_JOBS.kubeStateMetrics, peer: pods, discovery: 'pods', port: 8080, honorLabels: true }) as any;
    expect(ksm.honor_labels).toBe(true);
    // The exporter pod's own identity would label every object's series (a Node's with namespace "monitoring").
    expect(ksm.relabel_configs.map((r: any) => r.target_label).filter(Boolean)).toEqual([]);
    const own = scrapeConfig({ job: 'fluentd', peer: pods, discovery: 'pods', port: 24231 }) as any;
    expect(own.relabel_configs.map((r: any) => r.target_label).filter(Boolean)).toEqual(['namespace', 'pod', 'container', 'node']);
  });

  test('nodes: the node address on the declared port, with the ServiceAccount token; kubelet certificates not verified', () => {
    const job = scrapeConfig({ job: SCRAPE_JOBS.cadvisor, peer: nodes, discovery: 'nodes', port: 10250, path: '/metrics/cadvisor', scheme: 'https', auth: 'serviceAccount', tls: 'skipVerify' }) as any;
    expect(job).toMatchObject({ scheme: 'https', metrics_path: '/metrics/cadvisor', authorization: { credentials_file: `${SERVICE_ACCOUNT_DIR}/token` }, tls_config: { insecure_skip_verify: true } });
    expect(job.kubernetes_sd_configs).toEqual([{ role: 'node' }]);
    expect(job.relabel_configs[0]).toEqual({ source_labels: ['__address__'], regex: '([^:]+)(?::\\d+)?', replacement: '$1:10250', target_label: '__address__' });
  });

  test('the API server: the kubernetes Service endpoints, verified with the cluster CA', () => {
    const job = scrapeConfig({ job: SCRAPE_JOBS.apiServer, peer: Peer.ipBlock('api', ['10.0.0.0/24']), discovery: 'apiServer', port: 6443, scheme: 'https', auth: 'serviceAccount' }) as any;
    expect(job.tls_config).toEqual({ ca_file: `${SERVICE_ACCOUNT_DIR}/ca.crt`, server_name: 'kubernetes.default.svc' });
    expect(job.relabel_configs).toEqual([{ source_labels: ['__meta_kubernetes_service_name', '__meta_kubernetes_endpoint_port_name'], regex: 'kubernetes;https', action: 'keep' }]);
  });

  test('pods discovery on an address block needs the pods it discovers', () => {
    expect(() => scrapeConfig({ job: SCRAPE_JOBS.nodeExporter, peer: nodes, discovery: 'pods', port: 9100 })).toThrow(/pods discovery on an address block needs `pods`/);
  });
});

describe('prometheusConfig', () => {
  const target = { job: SCRAPE_JOBS.kubeStateMetrics, peer: pods, discovery: 'pods' as const, port: 8080 };

  test('a job label is declared once', () => {
    expect(() => prometheusConfig({ scrapeInterval: '30s', externalLabels: {}, targets: [target, target] })).toThrow(/scrape job "kube-state-metrics" is declared twice/);
  });

  test('no alerting section and no rule files unless given; the result passes promtool', () => {
    const text = renderPrometheusConfig({ scrapeInterval: '15s', externalLabels: { cluster: 'x' }, targets: [target] });
    const config = parse(text);
    expect(config.alerting).toBeUndefined();
    expect(config.rule_files).toBeUndefined();
    expect(config.global).toEqual({ scrape_interval: '15s', evaluation_interval: '15s', external_labels: { cluster: 'x' } });
    expect(promtoolCheckConfig(text)).toMatchObject({ status: 0 });
  });
});
