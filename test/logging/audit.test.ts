import * as fs from 'fs';
import { FakeElasticsearch } from './fake-es';
import { container, env as envVar, fluentd, loggingOf } from './support';
import { DEFAULT_AUDIT_LOG_PATH } from '../../lib/config/audit';
import { EnvironmentInput } from '../../lib/config/schema';
import { environmentInput, ENVIRONMENTS, find, KubeObject, render } from '../support/render';

function withAudit(env: string, audit: any): EnvironmentInput {
  const input = environmentInput(env);
  (input.logging as any).audit = audit;
  return input;
}

const hostMounts = (objects: KubeObject[]) => {
  const pod = fluentd(objects).spec.template.spec;
  const hostVolumes = new Map(pod.volumes.filter((v: any) => v.hostPath).map((v: any) => [v.name, v.hostPath]));
  return container(fluentd(objects)).volumeMounts.filter((m: any) => hostVolumes.has(m.name)).map((m: any) => ({ ...m, hostPath: hostVolumes.get(m.name) }));
};
const fluentConf = (objects: KubeObject[]) => find(objects, 'ConfigMap', 'fluentd', 'logging-agents').data['fluent.conf'];
const setupEnv = (objects: KubeObject[]): any[] => find(objects, 'CronJob', 'elasticsearch-setup', 'logging').spec.jobTemplate.spec.template.spec.containers[0].env;

describe.each(ENVIRONMENTS)('%s: the audit trail is a switch', env => {
  const off = loggingOf(withAudit(env, { enabled: false }));
  const on = loggingOf(withAudit(env, { enabled: true, retentionDays: 30 }));

  test('on, the DaemonSet gains exactly one read-only host mount: the audit log directory', () => {
    const before = hostMounts(off);
    const after = hostMounts(on);
    expect(after.filter((m: any) => !before.some((b: any) => b.name === m.name))).toEqual([
      { name: 'audit-log', mountPath: '/var/log/kubernetes/audit', readOnly: true, hostPath: { path: '/var/log/kubernetes/audit', type: 'DirectoryOrCreate' } },
    ]);
    expect(after.length).toBe(before.length + 1);
  });

  test('off, Fluentd has no audit source and the setup no audit step', () => {
    expect(fluentConf(off)).not.toContain('audit');
    expect(setupEnv(off).map(e => e.name)).not.toContain('AUDIT_INDEX_PREFIX');
  });

  test('on, the audit log is tailed as JSON into k8s-audit-* as its own user, with its own buffer', () => {
    const conf = fluentConf(on);
    expect(conf).toContain(`path ${DEFAULT_AUDIT_LOG_PATH}`);
    expect(conf).toMatch(/<label @AUDIT>[\s\S]*logstash_prefix k8s-audit\n[\s\S]*<\/label>/);
    expect(conf).toMatch(/@id in_tail_audit_log\n\s+@label @AUDIT[\s\S]*?<parse>\n\s+@type json\n\s+time_key stageTimestamp/);
    expect(conf).toContain('user fluentd-audit');
    expect(conf).toContain("password \"#{ENV['ELASTICSEARCH_AUDIT_PASSWORD']}\"");
    expect(conf).toContain('path /var/log/fluentd/buffer/audit');
    expect(envVar(container(fluentd(on)), 'ELASTICSEARCH_AUDIT_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: 'fluentd-audit-elasticsearch', key: 'password' });
  });
});

test('a configured path is tailed and only its directory is mounted', () => {
  const objects = loggingOf(withAudit('prod', { enabled: true, retentionDays: 7, path: '/srv/audit/kube-apiserver.log' }));
  expect(fluentConf(objects)).toContain('path /srv/audit/kube-apiserver.log');
  expect(hostMounts(objects).find((m: any) => m.name === 'audit-log')).toMatchObject({ mountPath: '/srv/audit', readOnly: true });
});

test('a directory is not an audit log path', () => {
  expect(() => render(withAudit('prod', { enabled: true, retentionDays: 7, path: '/var/log/kubernetes/audit/' }))).toThrow(/logging\.audit\.path: expected a file path, not a directory/);
});

test('the setup reaches Kibana at its rendered Service, through a flow of its own', () => {
  const objects = loggingOf(withAudit('prod', { enabled: true, retentionDays: 7 }));
  const service = find(objects, 'Service', 'kibana', 'logging');
  expect(setupEnv(objects).find(e => e.name === 'KIBANA_URL').value).toBe(`http://${service.metadata.name}.${service.metadata.namespace}.svc:${service.spec.ports[0].port}`);
  expect(find(objects, 'NetworkPolicy', 'elasticsearch-setup-to-kibana-ingress', 'logging').spec.ingress[0].ports).toEqual([{ port: 5601, protocol: 'TCP' }]);
});

describe('audit setup against a fake Elasticsearch and Kibana', () => {
  const passwords = { ELASTIC_PASSWORD: 'elasticPw0123456789', KIBANA_SYSTEM_PASSWORD: 'kibanaPw0123456789', WRITER_PASSWORD: 'writerPw0123456789', AUDIT_WRITER_PASSWORD: 'auditPw0123456789', EXPORTER_PASSWORD: 'exporterPw0123456789' };
  const objects = loggingOf(withAudit('dev', { enabled: true, retentionDays: 45 }));
  const parameters = Object.fromEntries(setupEnv(objects).filter(e => e.value !== undefined).map(e => [e.name, e.value]));
  const script = find(objects, 'ConfigMap', 'elasticsearch-setup', 'logging').data['setup.sh'];
  const AUDIT_CALLS = [
    'PUT /_ilm/policy/k8s-audit', 'PUT /_index_template/k8s-audit', 'PUT /_security/role/fluentd_audit_writer',
    'PUT /_security/user/fluentd-audit', 'POST /api/data_views/data_view',
  ];
  let es: FakeElasticsearch;
  beforeEach(() => { es = new FakeElasticsearch(script, passwords.ELASTIC_PASSWORD); });
  afterEach(() => es.dispose());

  test('puts the audit lifecycle, template, a writer for k8s-audit-* only, its user and the data view', () => {
    // READER_PASSWORD (Grafana's log reader, from monitoring) is optional: unset here, the script skips that user.
    expect(setupEnv(objects).filter(e => e.valueFrom && e.name !== 'READER_PASSWORD').map(e => e.name).sort()).toEqual(Object.keys(passwords).sort());
    expect(es.run({ ...parameters, ...passwords }).status).toBe(0);
    expect(es.takeCalls().slice(-5)).toEqual(AUDIT_CALLS);
    const state = es.objects();
    expect(state['/_ilm/policy/k8s-audit'].policy.phases.delete.min_age).toBe('45d');
    expect(state['/_index_template/k8s-audit']).toMatchObject({ index_patterns: ['k8s-audit-*'], template: { settings: { 'index.lifecycle.name': 'k8s-audit' } } });
    expect(state['/_security/role/fluentd_audit_writer'].indices).toEqual([{ names: ['k8s-audit-*'], privileges: ['create_doc', 'auto_configure'] }]);
    expect(state['/_security/role/fluentd_writer'].indices.map((i: any) => i.names)).toEqual([['k8s-logs-*']]);
    expect(state['/_security/user/fluentd-audit']).toEqual({ password: passwords.AUDIT_WRITER_PASSWORD, roles: ['fluentd_audit_writer'] });
    expect(state['/api/data_views/data_view']).toEqual({ data_view: { id: 'k8s-audit', title: 'k8s-audit-*', name: 'Kubernetes API audit', timeFieldName: '@timestamp' }, override: true });
  });

  test('drift is repaired and a second run leaves the same state', () => {
    es.run({ ...parameters, ...passwords });
    const first = es.objects();
    es.remove('_security/role/fluentd_audit_writer');
    es.edit('_ilm/policy/k8s-audit', { policy: { phases: {} } });
    expect(es.run({ ...parameters, ...passwords }).status).toBe(0);
    expect(es.objects()).toEqual(first);
  });

  test('Kibana not answering yet fails the run after the Elasticsearch objects are in place (it is retried)', () => {
    fs.writeFileSync(`${es.store}/fail`, '/api/data_views/data_view');
    const run = es.run({ ...parameters, ...passwords });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('POST /api/data_views/data_view: HTTP 500');
    expect(es.objects()['/_security/user/fluentd-audit']).toBeDefined();
  });
});
