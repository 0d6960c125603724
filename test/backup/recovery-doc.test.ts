import * as fs from 'fs';
import * as path from 'path';
import { find, ofKind, renderEnvironment } from '../support/render';

/** docs/recovery.md names rendered objects: they must be the rendered names, in an order that works. */
const doc = fs.readFileSync(path.join(__dirname, '../../docs/recovery.md'), 'utf8');
const prod = renderEnvironment('prod');
const commands = doc.split('\n').map(l => l.trim()).filter(l => /^(\d+\. .*`|kubectl|velero)/.test(l));

test('every Velero schedule named in a command is rendered in prod, and every rendered one is documented', () => {
  const rendered = ofKind(prod.objects, 'Schedule').map(s => s.metadata.name).sort();
  const named = [...doc.matchAll(/--from-schedule (\S+)/g)].map(m => m[1]);
  expect(new Set(named)).toEqual(new Set(rendered));
});

test('the snapshot repository, namespaces, Secret and workloads in the commands are the rendered ones', () => {
  const setup = find(prod.objects, 'CronJob', 'elasticsearch-setup', 'logging').spec.jobTemplate.spec.template.spec.containers[0].env;
  const repository = setup.find((e: any) => e.name === 'SNAPSHOT_REPOSITORY').value;
  expect([...doc.matchAll(/_snapshot\/([\w-]+)/g)].map(m => m[1]).every(name => name === repository)).toBe(true);
  expect(doc).toContain(`--include-namespaces ${find(prod.objects, 'StatefulSet', 'jenkins').metadata.namespace}`);
  const es = find(prod.objects, 'StatefulSet', 'elasticsearch');
  expect(doc).toContain(`kubectl exec -n ${es.metadata.namespace} ${es.metadata.name}-0 -c ${es.spec.template.spec.containers[0].name}`);
  expect(doc).toContain(`rollout restart statefulset/${es.metadata.name} -n ${es.metadata.namespace}`);
  const secret = es.spec.template.spec.volumes.find((v: any) => v.name === 'snapshot-credentials').secret.secretName;
  expect(doc).toContain(`kubectl create secret generic ${secret} -n ${es.metadata.namespace}`);
  const jenkins = find(prod.objects, 'StatefulSet', 'jenkins');
  expect(doc).toContain(`${jenkins.spec.volumeClaimTemplates[0].metadata.name}-${jenkins.metadata.name}-0`);
});

test('restore order: namespaces, then Secrets, then the first apply of the platform, then the Elasticsearch restore', () => {
  const at = (needle: string) => commands.findIndex(c => c.includes(needle));
  const order = [
    at('kubectl apply -f dist/prod/bootstrap/'),
    at('--include-resources secrets'),
    at('--applyset=applysets.platform.internal/prod -f dist/prod/'),
    at('/_restore'),
  ];
  expect(order.every(i => i >= 0)).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
});

test('the retention table shows each environment\'s ILM and SLM retention', () => {
  for (const env of ['dev', 'prod'] as const) {
    const { logging, backup } = renderEnvironment(env).config;
    const row = doc.split('\n').find(l => l.startsWith(`| ${env} |`))!;
    expect(row).toContain(`${logging.retentionDays} days`);
    if (backup.snapshots.type === 'none') expect(row).toContain('no snapshots');
    else expect(row).toContain(`${backup.snapshots.retention.expireAfterDays} days`);
  }
});
