import { KubeObject } from '../../lib/core/kube-object';
import { detectRenames } from '../../lib/review/environment-rename';
import { Render } from '../../lib/review/render';
import { diffRenders } from '../../lib/review/render-diff';
import { renderDiffReport } from '../../lib/review/report';
import { renderEnvironment } from '../support/render';
import { configMap, deployment, namespace, service } from './objects';

const asRender = (r: Record<string, KubeObject[]>): Render => new Map(Object.entries(r));
const report = (base: Record<string, KubeObject[]>, head: Record<string, KubeObject[]>) =>
  renderDiffReport(diffRenders(asRender(base), asRender(head)), { base: 'main', head: 'branch' });

/** An environment whose instance label is its name, as many charts do. */
function environment(instance: string): KubeObject[] {
  const labels = (name: string) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': instance });
  return [
    namespace('apps'),
    deployment('apps', 'web', 'nginx:1.27.0', labels('web')),
    deployment('apps', 'api', 'nginx:1.27.0', labels('api')),
    service('apps', 'web', { selector: labels('web') }),
    configMap('apps', 'settings', { mode: 'fast' }),
  ];
}

test('a renamed environment is its real changes: the instance label in every selector, not a delete and re-add', () => {
  const text = report({ dev: environment('dev') }, { staging: environment('staging') });
  expect(text).toContain('### staging (renamed from dev)');
  expect(text).toContain('| staging (renamed from dev) | 0 | 0 | 3 | 2 | 2 |');
  expect(text).not.toContain('#### Removed');
  expect(text).not.toContain('#### Added');
  expect(text).toContain('Renamed `dev/` → `staging/`: compared with the old environment, 2 of 5 objects are identical.');
  expect(text).toContain('- `app.kubernetes.io/instance`: `"dev"` → `"staging"` in 5 fields of 3 objects, 3 of them in label selectors');
  expect(text).toMatch(/\| ⛔ refused \| staging \| `Deployment apps\/web` \| `spec.selector` \|/);
});

test('a rename with identical objects is still reported, not "No differences"', () => {
  const text = report({ dev: environment('x') }, { staging: environment('x') });
  expect(text).not.toContain('No differences');
  expect(text).toContain('Renamed `dev/` → `staging/`: compared with the old environment, 5 of 5 objects are identical.');
  expect(text).not.toContain('Repeated changes');
});

test('an unrelated removed and added environment are not a rename', () => {
  const other = [namespace('shop'), configMap('shop', 'cart', {}), deployment('shop', 'cart')];
  expect(detectRenames(asRender({ dev: environment('dev') }), asRender({ shop: other }))).toEqual([]);
  const text = report({ dev: environment('dev') }, { shop: other });
  expect(text).toContain('### dev (environment removed)');
  expect(text).toContain('### shop (new environment)');
});

test('environments present on both sides are never paired', () => {
  expect(detectRenames(asRender({ dev: environment('dev'), prod: [] }), asRender({ dev: environment('dev'), staging: environment('dev') }))).toEqual([]);
});

test('the real dev render published under another name reads as a rename', () => {
  const dev = renderEnvironment('dev').objects as KubeObject[];
  const [env] = diffRenders(asRender({ dev }), asRender({ staging: dev }));
  expect(env).toMatchObject({ environment: 'staging', renamedFrom: 'dev', added: [], removed: [], unchanged: dev.length });
});
