import { Testing } from 'cdk8s';
import { find, KubeObject } from '../support/render';
import { container, envValues, setupJobIn, synthOf } from './support';
import { ElasticsearchProps } from '../../lib/logging/elasticsearch';
import { ELASTICSEARCH_IMAGE } from '../../lib/logging/elasticsearch-config';
import { ElasticsearchSetupJobProps } from '../../lib/logging/es-setup-job';
import { KIBANA_SYSTEM_USER } from '../../lib/logging/kibana';
import { fluentdIndexTemplate } from '../../lib/logging/index-template';

const ISSUER = { kind: 'ClusterIssuer' as const, name: 'platform-ca' };

const objectsOf = (props: Partial<ElasticsearchSetupJobProps> = {}, es: Partial<ElasticsearchProps> = {}) => synthOf(chart => setupJobIn(chart, props, es));
/** The install Job (`elasticsearch-setup-<hash>`). */
const installJob = (objects: KubeObject[]) => {
  const jobs = objects.filter(o => o.kind === 'Job' && /^elasticsearch-setup-[0-9a-f]{8}$/.test(o.metadata.name));
  expect(jobs).toHaveLength(1);
  return jobs[0];
};
const parametersOf = (objects: KubeObject[]) => envValues(container(installJob(objects)));

describe('ElasticsearchSetupJob defaults (minimal props)', () => {
  const objects = objectsOf();
  const job = installJob(objects);
  const pod = job.spec.template.spec;

  test('parameters: the cluster URL, retention, index prefix k8s-logs, writer fluentd, no index replicas on one node', () => {
    expect(parametersOf(objects)).toEqual({
      ES_URL: 'http://elasticsearch.logging.svc:9200',
      KIBANA_SYSTEM_USER,
      WRITER_USER: 'fluentd',
      WRITER_ROLE: 'fluentd_writer',
      INDEX_PREFIX: 'k8s-logs',
      RETENTION_DAYS: '7',
      INDEX_TEMPLATE_BODY: JSON.stringify(fluentdIndexTemplate('k8s-logs', 0)),
    });
  });

  test('the three passwords come from their Secrets', () => {
    const refs = Object.fromEntries(container(job).env.filter((e: any) => e.valueFrom).map((e: any) => [e.name, e.valueFrom.secretKeyRef]));
    expect(refs).toEqual({
      ELASTIC_PASSWORD: { name: 'elasticsearch-elastic', key: 'password' },
      KIBANA_SYSTEM_PASSWORD: { name: 'kibana-system', key: 'password' },
      WRITER_PASSWORD: { name: 'fluentd-elasticsearch', key: 'password' },
    });
  });

  test('a restricted pod as the Elasticsearch image user, no token, restarted on failure, the script read-only', () => {
    expect(pod).toMatchObject({ restartPolicy: 'OnFailure', automountServiceAccountToken: false, enableServiceLinks: false });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: ELASTICSEARCH_IMAGE.uid, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container(job).securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(container(job).command).toEqual(['sh', '/setup/setup.sh']);
    expect(container(job).volumeMounts).toEqual([{ name: 'script', mountPath: '/setup', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.volumes).toContainEqual({ name: 'script', configMap: { name: 'elasticsearch-setup' } });
  });

  test('an install Job and a CronJob of the same name without the hash run the same pod', () => {
    const cron = find(objects, 'CronJob', 'elasticsearch-setup', 'logging');
    expect(cron.spec.jobTemplate.spec.template).toEqual(job.spec.template);
    expect(job.spec.backoffLimit).toBe(10);
  });

  test('the script sets kibana_system, creates the writer role and user, applies ILM and the template, and waits for ES', () => {
    const script = find(objects, 'ConfigMap', 'elasticsearch-setup', 'logging').data['setup.sh'];
    expect(script).toContain('/_security/user/$KIBANA_SYSTEM_USER/_password');
    expect(script).toContain('/_security/role/$WRITER_ROLE');
    expect(script).toContain('/_security/user/$WRITER_USER');
    expect(script).toContain('/_ilm/policy/$INDEX_PREFIX');
    expect(script).toContain('/_index_template/$INDEX_PREFIX');
    expect(script).toContain('"min_age\\":\\"${RETENTION_DAYS}d');
    expect(script).toMatch(/until call GET '\/_cluster\/health\?wait_for_status=yellow/);
    expect(script).not.toMatch(/"(all|manage|superuser)"/);
  });
});

describe('ElasticsearchSetupJob overrides', () => {
  test('indexPrefix, writerUser and indexReplicas', () => {
    expect(parametersOf(objectsOf({ indexPrefix: 'audit', writerUser: 'shipper', indexReplicas: 2 }))).toMatchObject({
      INDEX_PREFIX: 'audit', WRITER_USER: 'shipper', WRITER_ROLE: 'shipper_writer', INDEX_TEMPLATE_BODY: JSON.stringify(fluentdIndexTemplate('audit', 2)),
    });
  });

  test('a multi-node cluster gets one replica per shard by default', () => {
    expect(JSON.parse(parametersOf(objectsOf({}, { replicas: 3, tlsIssuer: ISSUER })).INDEX_TEMPLATE_BODY).template.settings['index.number_of_replicas']).toBe(1);
  });

  test('a TLS cluster: https URL, verified with only the CA of its certificate', () => {
    const objects = objectsOf({}, { tlsIssuer: ISSUER });
    expect(parametersOf(objects)).toMatchObject({ ES_URL: 'https://elasticsearch.logging.svc:9200', CA_FILE: '/etc/elasticsearch-ca/ca.crt' });
    const pod = installJob(objects).spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'elasticsearch-ca', secret: { secretName: 'elasticsearch-tls', items: [{ key: 'ca.crt', path: 'ca.crt' }] } });
    expect(container(installJob(objects)).volumeMounts).toContainEqual({ name: 'elasticsearch-ca', mountPath: '/etc/elasticsearch-ca', readOnly: true });
  });

  test('a change of what it runs is a new install Job; the CronJob keeps its name', () => {
    const names = (objects: KubeObject[]) => [installJob(objects).metadata.name, find(objects, 'CronJob', 'elasticsearch-setup', 'logging').metadata.name];
    const [job, cron] = names(objectsOf());
    expect(names(objectsOf())).toEqual([job, cron]);
    const [otherJob, otherCron] = names(objectsOf({ retentionDays: 30 }));
    expect(otherJob).not.toBe(job);
    expect(otherCron).toBe(cron);
  });

  test('peer, indexPrefix and writerUser for the other constructs', () => {
    const setup = setupJobIn(Testing.chart(), { indexPrefix: 'audit' });
    expect(setup).toMatchObject({ indexPrefix: 'audit', writerUser: 'fluentd' });
    expect(setup.peer.podLabels).toEqual({ 'app.kubernetes.io/name': 'elasticsearch-setup', 'app.kubernetes.io/instance': 'elasticsearch-setup' });
  });
});
