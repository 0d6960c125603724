import { Testing } from 'cdk8s';
import { FakeElasticsearch } from './fake-es';
import { container, elasticsearch, loggingOf } from './support';
import { EnvironmentInput } from '../../lib/config/schema';
import { FS_REPOSITORY_PATH, S3_CREDENTIAL_KEYS, SnapshotVolume, s3CredentialsSecret, snapshotPodParts, snapshotSetupStep } from '../../lib/logging/snapshots';
import { environmentInput, ENVIRONMENTS, find, KubeObject, renderEnvironment } from '../support/render';

const fsSnapshots = { type: 'fs', storage: { storageClassName: 'nfs', size: '50Gi' }, retention: { expireAfterDays: 30, minCount: 5, maxCount: 50 } } as const;
const s3Snapshots = {
  type: 's3', bucket: 'logs-backup', endpoint: 'minio.example.com:9000', cidrs: ['10.9.0.0/24'], pathStyleAccess: true,
  retention: { expireAfterDays: 60, minCount: 7, maxCount: 90 },
} as const;

function withSnapshots(env: string, snapshots: any): EnvironmentInput {
  const input = environmentInput(env);
  input.backup = { ...input.backup!, snapshots };
  return input;
}

const setupScript = (objects: KubeObject[]) => find(objects, 'ConfigMap', 'elasticsearch-setup', 'logging').data['setup.sh'];
const setupParameters = (objects: KubeObject[]): Record<string, string> => Object.fromEntries(
  (find(objects, 'CronJob', 'elasticsearch-setup', 'logging').spec.jobTemplate.spec.template.spec.containers[0].env as any[])
    .filter(e => e.value !== undefined).map(e => [e.name, e.value]));
const settings = (objects: KubeObject[]) => find(objects, 'ConfigMap', 'elasticsearch-config', 'logging').data['elasticsearch.yml'];

describe('snapshot pod parts', () => {
  const credentials = s3CredentialsSecret('logging');

  test('fs: path.repo lists the mount of the shared claim, no keystore step', () => {
    const parts = snapshotPodParts({ type: 'fs', claimName: 'shared' }, 'es:8');
    expect(parts.settings).toBe(`path.repo:\n  - ${FS_REPOSITORY_PATH}\n`);
    expect(parts.volumes).toEqual([{ name: 'snapshots', persistentVolumeClaim: { claimName: 'shared' } }]);
    expect(parts.volumeMounts).toEqual([{ name: 'snapshots', mountPath: FS_REPOSITORY_PATH }]);
    expect(parts.initContainers).toEqual([]);
  });

  test('s3: client settings in elasticsearch.yml, the key pair only in the keystore (from the Secret, via stdin)', () => {
    const parts = snapshotPodParts({ type: 's3', bucket: 'b', endpoint: 'minio:9000', pathStyleAccess: true, credentials }, 'es:8');
    expect(parts.settings).toBe('s3.client.default.endpoint: minio:9000\ns3.client.default.protocol: https\ns3.client.default.path_style_access: true\n');
    expect(parts.settings).not.toMatch(/access_key|secret_key/);
    const [keystore] = parts.initContainers;
    for (const [key, setting] of Object.entries(S3_CREDENTIAL_KEYS)) {
      expect(keystore.command!.join(' ')).toContain(`elasticsearch-keystore add --stdin --force ${setting} < /mnt/snapshot-credentials/${key}`);
    }
    expect(keystore.volumeMounts).toContainEqual({ name: 'config', mountPath: '/usr/share/elasticsearch/config' });
    expect(parts.volumes).toEqual([{ name: 'snapshot-credentials', secret: { secretName: credentials.name, defaultMode: 0o440 } }]);
  });

  test('s3 defaults: AWS (no endpoint setting), https, virtual-hosted style', () => {
    const parts = snapshotPodParts({ type: 's3', bucket: 'b', credentials }, 'es:8');
    expect(parts.settings).toBe('s3.client.default.protocol: https\ns3.client.default.path_style_access: false\n');
  });

  test('the shared volume is a ReadWriteMany claim', () => {
    const chart = Testing.chart();
    const volume = new SnapshotVolume(chart, 'v', { namespace: 'logging', size: '5Gi', storageClassName: 'nfs' });
    const [claim] = Testing.synth(chart);
    expect(volume.claimName).toBe('elasticsearch-snapshots');
    expect(claim.spec).toEqual({ accessModes: ['ReadWriteMany'], storageClassName: 'nfs', resources: { requests: { storage: '5Gi' } } });
  });

  test('the SLM policy snapshots the given indices without global state, with its retention and schedule', () => {
    const step = snapshotSetupStep({ storage: { type: 'fs', claimName: 'c' }, schedule: '0 0 3 * * ?', indices: 'k8s-logs-*', retention: { expireAfterDays: 9, minCount: 2, maxCount: 20 } });
    expect(JSON.parse(step.parameters.SNAPSHOT_POLICY_BODY)).toEqual({
      name: '<k8s-logs-{now/d}>', schedule: '0 0 3 * * ?', repository: 'k8s-logs',
      config: { indices: ['k8s-logs-*'], include_global_state: false, ignore_unavailable: true },
      retention: { expire_after: '9d', min_count: 2, max_count: 20 },
    });
    expect(JSON.parse(step.parameters.SNAPSHOT_REPOSITORY_BODY)).toEqual({ type: 'fs', settings: { location: FS_REPOSITORY_PATH } });
  });
});

describe('snapshots in the logging chart', () => {
  test.each(ENVIRONMENTS)('%s: no snapshot setting, volume or step when snapshots are "none"; otherwise all of them', env => {
    const rendered = renderEnvironment(env as any);
    const objects = rendered.charts.find(c => c.name === 'logging')!.objects;
    const on = rendered.config.backup.snapshots.type !== 'none';
    expect('SNAPSHOT_REPOSITORY' in setupParameters(objects)).toBe(on);
    expect(/path\.repo|s3\.client/.test(settings(objects))).toBe(on);
  });

  test('fs: every node mounts the claim at path.repo', () => {
    const objects = loggingOf(withSnapshots('prod', fsSnapshots));
    expect(find(objects, 'PersistentVolumeClaim', 'elasticsearch-snapshots', 'logging').spec.accessModes).toEqual(['ReadWriteMany']);
    expect(container(elasticsearch(objects)).volumeMounts).toContainEqual({ name: 'snapshots', mountPath: FS_REPOSITORY_PATH });
    expect(settings(objects)).toContain(`path.repo:\n  - ${FS_REPOSITORY_PATH}`);
  });

  test('s3: the keystore step runs after copy-config, the credentials are an external declared secret, and egress reaches only the store', () => {
    const objects = loggingOf(withSnapshots('dev', s3Snapshots));
    const init = elasticsearch(objects).spec.template.spec.initContainers.map((c: any) => c.name);
    expect(init.indexOf('keystore')).toBe(init.indexOf('copy-config') + 1);
    const declared = JSON.parse(find(objects, 'ConfigMap', 'secret-bootstrap-spec', 'logging').data['secrets.json']).secrets;
    expect(declared).toContainEqual(expect.objectContaining({ name: 'elasticsearch-snapshot-s3', origin: 'external', keys: ['access-key', 'secret-key'] }));
    expect(objects.filter(o => o.kind === 'Secret')).toEqual([]);
    const egress = find(objects, 'NetworkPolicy', 'elasticsearch-to-snapshot-store-egress', 'logging');
    expect(egress.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '10.9.0.0/24' } }], ports: [{ port: 9000, protocol: 'TCP' }] }]);
  });
});

describe('snapshot setup against a fake Elasticsearch', () => {
  const passwords = { ELASTIC_PASSWORD: 'elasticPw0123456789', KIBANA_SYSTEM_PASSWORD: 'kibanaPw0123456789', WRITER_PASSWORD: 'writerPw0123456789', EXPORTER_PASSWORD: 'exporterPw0123456789' };
  const SNAPSHOT_CALLS = ['PUT /_snapshot/k8s-logs', 'PUT /_slm/policy/k8s-logs'];
  let es: FakeElasticsearch;
  afterEach(() => es.dispose());

  test.each([['fs', 'prod', fsSnapshots], ['s3', 'dev', s3Snapshots]] as const)('%s: registers the repository and policy after the base setup', (type, env, snapshots) => {
    const objects = loggingOf(withSnapshots(env, snapshots));
    es = new FakeElasticsearch(setupScript(objects), passwords.ELASTIC_PASSWORD);
    expect(es.run({ ...setupParameters(objects), ...passwords }).status).toBe(0);
    expect(es.takeCalls().slice(-2)).toEqual(SNAPSHOT_CALLS);
    const state = es.objects();
    expect(state['/_snapshot/k8s-logs'].type).toBe(type);
    expect(state['/_slm/policy/k8s-logs']).toMatchObject({
      repository: 'k8s-logs', config: { indices: ['k8s-logs-*'] },
      retention: { expire_after: `${snapshots.retention.expireAfterDays}d`, min_count: snapshots.retention.minCount, max_count: snapshots.retention.maxCount },
    });
    if (type === 's3') expect(state['/_snapshot/k8s-logs'].settings).toEqual({ bucket: 'logs-backup', client: 'default' });
  });

  test('idempotent, and drift is repaired: a deleted repository and an edited policy are put back as rendered', () => {
    const objects = loggingOf(withSnapshots('prod', fsSnapshots));
    es = new FakeElasticsearch(setupScript(objects), passwords.ELASTIC_PASSWORD);
    const env = { ...setupParameters(objects), ...passwords };
    es.run(env);
    const first = es.objects();
    es.takeCalls();
    expect(es.run(env).status).toBe(0);
    expect(es.objects()).toEqual(first);
    es.remove('_snapshot/k8s-logs');
    es.edit('_slm/policy/k8s-logs', { ...first['/_slm/policy/k8s-logs'], retention: { expire_after: '1d' } });
    es.takeCalls();
    expect(es.run(env).status).toBe(0);
    expect(es.takeCalls().slice(-2)).toEqual(SNAPSHOT_CALLS);
    expect(es.objects()).toEqual(first);
  });

  test('a repository the nodes cannot verify fails the run before the policy is put', () => {
    const objects = loggingOf(withSnapshots('prod', fsSnapshots));
    es = new FakeElasticsearch(setupScript(objects), passwords.ELASTIC_PASSWORD);
    require('fs').writeFileSync(`${es.store}/fail`, '/_snapshot/k8s-logs');
    const run = es.run({ ...setupParameters(objects), ...passwords });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PUT /_snapshot/k8s-logs: HTTP 500');
    expect(es.objects()['/_slm/policy/k8s-logs']).toBeUndefined();
  });
});

describe('the setup script against a fake Elasticsearch', () => {
  const passwords = { ELASTIC_PASSWORD: 'elasticPw0123456789', KIBANA_SYSTEM_PASSWORD: 'kibanaPw0123456789', WRITER_PASSWORD: 'writerPw0123456789', EXPORTER_PASSWORD: 'exporterPw0123456789' };
  let es: FakeElasticsearch;
  afterEach(() => es.dispose());

  test('a cluster that refuses the elastic user stops the setup with the reason, instead of waiting forever', () => {
    const objects = loggingOf(withSnapshots('prod', fsSnapshots));
    es = new FakeElasticsearch(setupScript(objects), 'the-password-the-cluster-kept');
    const run = es.run({ ...setupParameters(objects), ...passwords });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Elasticsearch refuses the elastic user (HTTP 401)');
    expect(es.takeCalls()).toEqual(['GET /_cluster/health?wait_for_status=yellow&timeout=10s']);
  });
});
