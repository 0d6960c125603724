import { Chart } from 'cdk8s';
import { DeclaredSecret } from '../../lib/secrets/declared-secret';
import { ELASTICSEARCH_EXPORTER_IMAGE, ElasticsearchExporter, ElasticsearchExporterProps, exporterClusterPrivileges } from '../../lib/logging/elasticsearch-exporter';
import { EXPORTER_METRICS } from '../../lib/monitoring/exporter-metrics';
import { SCRAPE_JOBS } from '../../lib/monitoring/scrape-jobs';
import { ENVIRONMENTS, find, KubeObject, renderEnvironment } from '../support/render';
import { FakeElasticsearch } from './fake-es';
import { elasticsearchIn, loggingObjects, setupJobIn, synthOf } from './support';

const IMAGE = `quay.io/prometheuscommunity/elasticsearch-exporter:${ELASTICSEARCH_EXPORTER_IMAGE.tag}`;
const password = DeclaredSecret.generated({ name: 'elasticsearch-exporter', namespaces: ['logging'], keys: { password: {} }, description: 'test' });

function build(chart: Chart, props: Partial<ElasticsearchExporterProps> = {}, tls = false): ElasticsearchExporter {
  const elasticsearch = elasticsearchIn(chart, tls ? { tlsIssuer: { kind: 'ClusterIssuer', name: 'platform-ca' } } : {});
  return new ElasticsearchExporter(chart, 'exporter', { elasticsearch, image: IMAGE, resources: { cpu: '50m', memory: '64Mi' }, password, partOf: 'logging', ...props });
}
const deployment = (objects: KubeObject[]) => find(objects, 'Deployment', 'elasticsearch-exporter', 'logging');
const exporterContainer = (objects: KubeObject[]) => deployment(objects).spec.template.spec.containers[0];

test('the image facts are the version the Elasticsearch metric names were read at', () => {
  expect(ELASTICSEARCH_EXPORTER_IMAGE.tag).toBe(EXPORTER_METRICS.elasticsearch.sources[0].tag);
});

describe('ElasticsearchExporter defaults (minimal props)', () => {
  let exporter!: ElasticsearchExporter;
  const objects = synthOf(chart => { exporter = build(chart); });
  const pod = deployment(objects).spec.template.spec;
  const c = exporterContainer(objects);

  test('one replica reading every node through the Service, no TLS flag, no SLM collector', () => {
    expect(deployment(objects).spec.replicas).toBe(1);
    expect(c.args).toEqual(['--es.uri=http://elasticsearch.logging.svc:9200', '--es.all']);
  });

  test('logs in as metrics_exporter, the password from its Secret, never on the command line', () => {
    expect(c.env).toEqual([
      { name: 'ES_USERNAME', value: 'metrics_exporter' },
      { name: 'ES_PASSWORD', valueFrom: { secretKeyRef: { name: 'elasticsearch-exporter', key: 'password' } } },
    ]);
  });

  test('restricted, as the image user, port and probes from the image facts, resources set', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: ELASTICSEARCH_EXPORTER_IMAGE.uid, seccompProfile: { type: 'RuntimeDefault' } });
    expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(c.ports).toEqual([{ name: 'http-metrics', containerPort: ELASTICSEARCH_EXPORTER_IMAGE.port, protocol: 'TCP' }]);
    for (const probe of [c.readinessProbe, c.livenessProbe]) expect(probe.httpGet).toEqual({ path: ELASTICSEARCH_EXPORTER_IMAGE.healthzPath, port: 'http-metrics' });
    expect(c.resources).toMatchObject({ requests: { cpu: '50m' }, limits: { memory: '64Mi' } });
  });

  test('declares its scrape target on the metrics port and a flow to the Elasticsearch HTTP port', () => {
    expect(exporter.scrapeTarget).toMatchObject({ job: SCRAPE_JOBS.elasticsearch, discovery: 'pods', port: ELASTICSEARCH_EXPORTER_IMAGE.port });
    expect(exporter.scrapeTarget.peer).toBe(exporter.peer);
    const ingress = find(objects, 'NetworkPolicy', 'elasticsearch-exporter-to-elasticsearch-ingress', 'logging');
    expect(ingress.spec.ingress[0].ports).toEqual([{ port: 9200, protocol: 'TCP' }]);
  });

  test('its setup step grants cluster monitor only', () => {
    expect(exporter.setupStep.parameters).toEqual({ EXPORTER_USER: 'metrics_exporter', EXPORTER_CLUSTER_PRIVILEGES: '["monitor"]' });
    expect(exporter.setupStep.passwords).toEqual({ EXPORTER_PASSWORD: password });
  });
});

describe('ElasticsearchExporter overrides', () => {
  test('with TLS: the CA file only, and --es.ca', () => {
    const objects = synthOf(chart => { build(chart, {}, true); });
    const c = exporterContainer(objects);
    expect(c.args).toContain('--es.uri=https://elasticsearch.logging.svc:9200');
    expect(c.args).toContain('--es.ca=/etc/elasticsearch-ca/ca.crt');
    expect(deployment(objects).spec.template.spec.volumes.find((v: any) => v.name === 'elasticsearch-ca').secret.items).toEqual([{ key: 'ca.crt', path: 'ca.crt' }]);
  });

  test('slm: the SLM collector, and read_slm plus the stats action, never manage_slm', () => {
    let exporter!: ElasticsearchExporter;
    const objects = synthOf(chart => { exporter = build(chart, { slm: true }); });
    expect(exporterContainer(objects).args).toContain('--collector.slm');
    expect(JSON.parse(exporter.setupStep.parameters.EXPORTER_CLUSTER_PRIVILEGES)).toEqual(['monitor', 'read_slm', 'cluster:admin/slm/stats']);
    expect(exporterClusterPrivileges(true)).not.toContain('manage_slm');
  });

  test('user and name', () => {
    let exporter!: ElasticsearchExporter;
    const objects = synthOf(chart => { exporter = build(chart, { user: 'es_metrics', name: 'es-metrics' }); });
    expect(find(objects, 'Deployment', 'es-metrics', 'logging').spec.template.spec.containers[0].env[0]).toEqual({ name: 'ES_USERNAME', value: 'es_metrics' });
    expect(exporter.setupStep.parameters.EXPORTER_USER).toBe('es_metrics');
  });
});

describe('the exporter user against a fake Elasticsearch', () => {
  const passwords = { ELASTIC_PASSWORD: 'elasticPw0123456789', KIBANA_SYSTEM_PASSWORD: 'kibanaPw0123456789', WRITER_PASSWORD: 'writerPw0123456789', EXPORTER_PASSWORD: 'exporterPw0123456789' };
  const run = (slm: boolean, exporterPassword = passwords.EXPORTER_PASSWORD) => {
    let step!: ElasticsearchExporter['setupStep'];
    const objects = synthOf(chart => {
      const exporter = new ElasticsearchExporter(chart, 'exporter', { elasticsearch: elasticsearchIn(new Chart(chart, 'es')), image: IMAGE, resources: { cpu: '50m', memory: '64Mi' }, password, slm, partOf: 'logging' });
      step = exporter.setupStep;
      setupJobIn(chart, { steps: [step] });
    });
    const script = find(objects, 'ConfigMap', 'elasticsearch-setup', 'logging').data['setup.sh'];
    const job = objects.find(o => o.kind === 'Job')!;
    const parameters = Object.fromEntries(job.spec.template.spec.containers[0].env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
    const es = new FakeElasticsearch(script, passwords.ELASTIC_PASSWORD);
    try {
      const result = es.run({ ...parameters, ...passwords, EXPORTER_PASSWORD: exporterPassword });
      return { status: result.status, objects: result.status === 0 ? es.objects() : {} };
    } finally {
      es.dispose();
    }
  };

  test('creates the role with cluster privileges only and the user with that role', () => {
    const { status, objects } = run(true);
    expect(status).toBe(0);
    expect(objects['/_security/role/metrics_exporter_role']).toEqual({ cluster: ['monitor', 'read_slm', 'cluster:admin/slm/stats'] });
    expect(objects['/_security/user/metrics_exporter']).toEqual({ password: passwords.EXPORTER_PASSWORD, roles: ['metrics_exporter_role'] });
  });

  test('refuses a password that would need JSON escaping', () => {
    expect(run(false, 'bad"password').status).not.toBe(0);
  });
});

describe.each(ENVIRONMENTS)('%s: the exporter in the rendered environment', env => {
  const { config, objects } = renderEnvironment(env);
  const logging = config.logging.enabled ? loggingObjects(renderEnvironment(env)) : [];

  test('present exactly when logging and monitoring are on, with SLM exactly when snapshots are configured', () => {
    const exporters = logging.filter(o => o.kind === 'Deployment' && o.metadata.name === 'elasticsearch-exporter');
    expect(exporters).toHaveLength(config.logging.enabled && config.monitoring.enabled ? 1 : 0);
    if (!exporters.length) return;
    expect(exporters[0].spec.template.spec.containers[0].image).toBe(config.monitoring.elasticsearchExporter.image);
    expect(exporters[0].spec.template.spec.containers[0].args.includes('--collector.slm')).toBe(config.backup.snapshots.type !== 'none');
  });

  test('Prometheus scrapes it as the elasticsearch job', () => {
    if (!config.logging.enabled || !config.monitoring.enabled) return;
    const prometheusYml = objects.find(o => o.kind === 'ConfigMap' && o.data?.['prometheus.yml'])!.data['prometheus.yml'];
    expect(prometheusYml).toContain(`job_name: ${SCRAPE_JOBS.elasticsearch}`);
  });
});
