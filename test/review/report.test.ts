import { Render } from '../../lib/review/render';
import { diffRenders } from '../../lib/review/render-diff';
import { renderDiffReport } from '../../lib/review/report';
import { KubeObject } from '../../lib/core/kube-object';
import { claim, configMap, deployment, edited } from './objects';

const labels = { base: 'main', head: 'working tree' };

function report(base: Record<string, KubeObject[]>, head: Record<string, KubeObject[]>): string {
  const asRender = (r: Record<string, KubeObject[]>): Render => new Map(Object.entries(r));
  return renderDiffReport(diffRenders(asRender(base), asRender(head)), labels);
}

const web = deployment('apps', 'web');
const fluentConf = ['<source>', '  @type tail', '  path /var/log/containers/*.log', '</source>', '<match **>', '  @type elasticsearch', '  host elasticsearch', '</match>', ''].join('\n');
const fluentd = configMap('logging-agents', 'fluentd', { 'fluent.conf': fluentConf });

test('identical renders give an explicit empty report', () => {
  const text = report({ dev: [web, fluentd], prod: [web] }, { dev: [web, fluentd], prod: [web] });
  expect(text).toBe('## Rendered manifests: main → working tree\n\n**No differences.** The rendered manifests are identical (dev: 2 objects, prod: 1 object).\n');
});

test('counts per environment, added and removed tables', () => {
  const api = deployment('apps', 'api');
  const text = report({ dev: [web, fluentd], prod: [web] }, { dev: [web, api], prod: [web] });
  expect(text).toContain('| dev | 1 | 1 | 0 | 1 | 0 |');
  expect(text).toContain('| prod | 0 | 0 | 0 | 1 | 0 |');
  expect(text).toMatch(/#### Added \(1\)\n\n\| Kind \| Namespace \| Name \| API version \|\n\|---\|---\|---\|---\|\n\| Deployment \| apps \| `api` \| apps\/v1 \|/);
  expect(text).toMatch(/#### Removed \(1\)[\s\S]*\| ConfigMap \| logging-agents \| `fluentd` \| v1 \|/);
  expect(text).not.toContain('### prod');
});

test('a changed field shows old → new', () => {
  const text = report({ dev: [web] }, { dev: [edited(web, (d) => { d.spec.template.spec.containers[0].image = 'nginx:1.27.1'; })] });
  expect(text).toContain('**`Deployment apps/web`** (apps/v1)');
  expect(text).toContain('- `spec.template.spec.containers[name=app].image`: `"nginx:1.27.0"` → `"nginx:1.27.1"`');
});

test('ConfigMap content changes are a compact unified diff', () => {
  const after = edited(fluentd, (c) => { c.data['fluent.conf'] = fluentConf.replace('host elasticsearch', 'host elasticsearch.logging.svc'); });
  const text = report({ dev: [fluentd] }, { dev: [after] });
  expect(text).toContain([
    '- `data["fluent.conf"]`:',
    '  ```diff',
    '  @@ -5,4 +5,4 @@',
    '   <match **>',
    '     @type elasticsearch',
    '  -  host elasticsearch',
    '  +  host elasticsearch.logging.svc',
    '   </match>',
    '  ```',
  ].join('\n'));
  expect(text).not.toContain('</source>'); // outside the 2 lines of context
});

test('JSON documents in ConfigMaps are diffed pretty-printed', () => {
  const declared = (namespaces: string[]) => configMap('ci', 'declared-secrets', { 'secrets.json': JSON.stringify({ secrets: [{ name: 'registry', namespaces, origin: 'external', keys: ['token'] }] }) });
  const text = report({ dev: [declared(['ci'])] }, { dev: [declared(['ci', 'ci-agents'])] });
  expect(text).toContain('-        "ci"\n  +        "ci",\n  +        "ci-agents"');
});

test('needs care comes before the summary and marks the object', () => {
  const text = report({ prod: [claim('logging', 'data', '50Gi')] }, { prod: [claim('logging', 'data', '20Gi')] });
  expect(text.indexOf('### Needs care')).toBeLessThan(text.indexOf('### Summary'));
  expect(text).toContain('| ⛔ refused | prod | `PersistentVolumeClaim logging/data` | `spec.resources.requests.storage` | a PersistentVolumeClaim cannot shrink');
  expect(text).toContain('**`PersistentVolumeClaim logging/data`** (v1) ⚠️ needs care');
});

test('a report without risks says so', () => {
  const text = report({ dev: [] }, { dev: [web] });
  expect(text).toContain('### Needs care\n\nNothing: no change the API server refuses, no deletion of data.');
});

test('Secret values never appear in the report', () => {
  const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token', namespace: 'ci' }, data: { token: 'c2VjcmV0LW9uZQ==' } };
  const text = report({ dev: [secret] }, { dev: [edited(secret, (s) => { s.data.token = 'c2VjcmV0LXR3bw=='; })] });
  expect(text).toContain('- `data.token`: _(secret value changed, not shown)_');
  expect(text).not.toContain('c2VjcmV0');
});

test('an environment only in the head render is marked new', () => {
  expect(report({}, { staging: [web] })).toContain('### staging (new environment)');
});
