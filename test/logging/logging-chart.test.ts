import { RoutingTable } from '../../lib/network/routing-table';
import { DECLARED_SECRETS_LABEL } from '../../lib/core/platform-keys';
import { KIBANA_SYSTEM_USER } from '../../lib/logging/kibana';
import { find, KubeObject, ofKind, renderEnvironment } from '../support/render';
import { logging } from './support';
import { Testing } from 'cdk8s';
import { LoggingChart } from '../../charts/logging-chart';

const envs = ['dev', 'prod'] as const;

function containersOf(objects: KubeObject[]): any[] {
  return objects.filter(o => o.spec?.template?.spec).flatMap(o => [...(o.spec.template.spec.initContainers ?? []), ...o.spec.template.spec.containers]);
}

describe.each(envs)('%s logging chart', name => {
  const objects = logging(name);
  /** S3 snapshots add the store's key pair and Elasticsearch's flow to the store (test/logging/snapshots.test.ts). */
  const s3 = renderEnvironment(name).config.backup.snapshots.type === 's3';

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('no Secret is rendered and every credential comes through secretKeyRef', () => {
    expect(ofKind(objects, 'Secret')).toEqual([]);
    const credentials = containersOf(objects).flatMap(c => c.env ?? []).filter((e: any) => /PASSWORD|ENCRYPTIONKEY/.test(e.name));
    expect(credentials.length).toBeGreaterThanOrEqual(6);
    for (const e of credentials) {
      expect(e.value).toBeUndefined();
      expect(e.valueFrom.secretKeyRef).toEqual({ name: expect.any(String), key: expect.any(String) });
    }
  });

  test('declares its secrets: the writer password in both namespaces', () => {
    const spec = JSON.parse(ofKind(objects, 'ConfigMap').find(c => c.metadata.labels?.[DECLARED_SECRETS_LABEL] === 'true')!.data['secrets.json']);
    const byName = Object.fromEntries(spec.secrets.map((s: any) => [s.name, s.namespaces]));
    expect(byName).toEqual({
      'elasticsearch-elastic': ['logging'],
      'kibana-system': ['logging'],
      'fluentd-elasticsearch': ['logging', 'logging-agents'],
      'kibana-encryption-keys': ['logging'],
      ...(s3 ? { 'elasticsearch-snapshot-s3': ['logging'] } : {}),
    });
  });

  test('every referenced Secret is declared in the namespace of the pod (or issued by cert-manager)', () => {
    const declared = JSON.parse(ofKind(objects, 'ConfigMap').find(c => c.metadata.labels?.[DECLARED_SECRETS_LABEL] === 'true')!.data['secrets.json']).secrets;
    const certificates = ofKind(objects, 'Certificate').map(c => `${c.metadata.namespace}/${c.spec.secretName}`);
    for (const workload of objects.filter(o => o.spec?.template?.spec)) {
      const ns = workload.metadata.namespace;
      const refs = [
        ...containersOf([workload]).flatMap(c => c.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef?.name),
        ...(workload.spec.template.spec.volumes ?? []).map((v: any) => v.secret?.secretName),
      ].filter(Boolean);
      for (const ref of refs) {
        const ok = declared.some((s: any) => s.name === ref && s.namespaces.includes(ns)) || certificates.includes(`${ns}/${ref}`);
        expect({ workload: workload.metadata.name, ref, ok }).toEqual({ workload: workload.metadata.name, ref, ok: true });
      }
    }
  });

  test('exactly the flows of the design', () => {
    expect(ofKind(objects, 'NetworkPolicy').map(p => `${p.metadata.namespace}/${p.metadata.name}`).sort()).toEqual([
      'logging-agents/fluentd-to-elasticsearch-egress',
      'logging-agents/fluentd-to-kube-apiserver-egress',
      'logging/elasticsearch-setup-to-elasticsearch-egress',
      'logging/elasticsearch-setup-to-elasticsearch-ingress',
      'logging/elasticsearch-to-elasticsearch-egress',
      'logging/elasticsearch-to-elasticsearch-ingress',
      'logging/fluentd-to-elasticsearch-ingress',
      'logging/kibana-to-elasticsearch-egress',
      'logging/kibana-to-elasticsearch-ingress',
      'logging/secret-bootstrap-to-kube-apiserver-egress',
      ...(s3 ? ['logging/elasticsearch-to-snapshot-store-egress'] : []),
    ].sort());
    const cluster = find(objects, 'NetworkPolicy', 'elasticsearch-to-elasticsearch-ingress', 'logging');
    expect(cluster.spec.ingress[0].ports.map((p: any) => p.port)).toEqual([9200, 9300]);
    for (const name of ['fluentd-to-elasticsearch-ingress', 'kibana-to-elasticsearch-ingress', 'elasticsearch-setup-to-elasticsearch-ingress']) {
      expect(find(objects, 'NetworkPolicy', name, 'logging').spec.ingress[0].ports).toEqual([{ port: 9200, protocol: 'TCP' }]);
    }
  });

  test('the logging namespace stays restricted and logging-agents is privileged with a reason', () => {
    const all = renderEnvironment(name).objects;
    expect(find(all, 'Namespace', 'logging').metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const agents = find(all, 'Namespace', 'logging-agents');
    expect(agents.metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(agents.metadata.annotations!['platform.internal/pod-security-reason']).toMatch(/Fluentd/);
  });

  test('pods in logging meet restricted: no hostPath, no root, no privilege', () => {
    for (const workload of objects.filter(o => o.metadata.namespace === 'logging' && o.spec?.template?.spec)) {
      const pod = workload.spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect((pod.volumes ?? []).filter((v: any) => v.hostPath)).toEqual([]);
      for (const c of containersOf([workload])) {
        expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
        expect(c.securityContext.runAsUser).not.toBe(0);
      }
    }
  });
});

describe('ES setup Job', () => {
  test.each([['dev', '3', '0', 'http'], ['prod', '30', '1', 'https']])('%s: retention %s days, %s replicas, %s', (name, days, replicas, scheme) => {
    const job = ofKind(logging(name as 'dev' | 'prod'), 'Job').find(j => j.metadata.name.startsWith('elasticsearch-setup-'))!;
    const c = job.spec.template.spec.containers[0];
    const vars = Object.fromEntries(c.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
    expect(vars).toMatchObject({ RETENTION_DAYS: days, INDEX_REPLICAS: replicas, INDEX_PREFIX: 'k8s-logs', WRITER_USER: 'fluentd' });
    expect(vars.ES_URL.startsWith(`${scheme}://`)).toBe(true);
    expect(job.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(job.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(job.metadata.name).toMatch(/^elasticsearch-setup-[0-9a-f]{8}$/);
  });

  test('the script sets kibana_system, creates the writer role and user, applies ILM and the template, and waits for ES', () => {
    const objects = logging('dev');
    const script = find(objects, 'ConfigMap', 'elasticsearch-setup', 'logging').data['setup.sh'];
    expect(script).toContain('/_security/user/$KIBANA_SYSTEM_USER/_password');
    const env = ofKind(objects, 'Job').find(j => j.metadata.name.startsWith('elasticsearch-setup-'))!.spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'KIBANA_SYSTEM_USER', value: KIBANA_SYSTEM_USER });
    expect(script).toContain('/_security/role/$WRITER_ROLE');
    expect(script).toContain('/_security/user/$WRITER_USER');
    expect(script).toContain('/_ilm/policy/$INDEX_PREFIX');
    expect(script).toContain('/_index_template/$INDEX_PREFIX');
    expect(script).toContain('"min_age\\":\\"${RETENTION_DAYS}d');
    expect(script).toMatch(/until call GET '\/_cluster\/health\?wait_for_status=yellow/);
    expect(script).not.toMatch(/"(all|manage|superuser)"/);
  });

  test('the index prefix Fluentd writes is the one the setup Job manages', () => {
    const conf = find(logging('dev'), 'ConfigMap', 'fluentd', 'logging-agents').data['fluent.conf'];
    expect(conf).toContain('logstash_prefix k8s-logs\n');
  });
});

test('Kibana registers its route (subdomain kibana) in the routing table', () => {
  const routes = new RoutingTable(renderEnvironment('dev').config.domain);
  const app = Testing.app();
  new LoggingChart(app, 'logging', { config: renderEnvironment('dev').config, routes });
  expect(routes.routes).toEqual([expect.objectContaining({
    name: 'kibana', subdomain: 'kibana',
    backend: expect.objectContaining({ namespace: 'logging', serviceName: 'kibana', servicePort: 5601, podPort: 5601 }),
  })]);
  expect(routes.routes[0].backend.pods.podLabels).toEqual({ 'app.kubernetes.io/name': 'kibana', 'app.kubernetes.io/instance': 'kibana' });
});
