import { fieldChanges, formatPath } from '../../lib/review/field-changes';
import { deployment, edited } from './objects';

describe('fieldChanges', () => {
  test('reports the deepest changed path, list entries by name', () => {
    const before = deployment('apps', 'web', 'nginx:1.27.0');
    const after = edited(before, (d) => { d.spec.template.spec.containers[0].image = 'nginx:1.27.1'; });
    expect(fieldChanges(before, after)).toEqual([
      { path: ['spec', 'template', 'spec', 'containers', { name: 'app' }, 'image'], before: 'nginx:1.27.0', after: 'nginx:1.27.1' },
    ]);
  });

  test('an inserted container is one addition, not a shift of every index', () => {
    const before = deployment('apps', 'web');
    const sidecar = { name: 'proxy', image: 'envoy:1.30.1' };
    const after = edited(before, (d) => { d.spec.template.spec.containers.unshift(sidecar); });
    expect(fieldChanges(before, after)).toEqual([
      { path: ['spec', 'template', 'spec', 'containers', { name: 'proxy' }], before: undefined, after: sidecar },
    ]);
  });

  test('a list of scalars is one value', () => {
    const changes = fieldChanges({ args: ['a', 'b'] }, { args: ['a', 'c', 'b'] });
    expect(changes).toEqual([{ path: ['args'], before: ['a', 'b'], after: ['a', 'c', 'b'] }]);
  });

  test('reordering named entries is reported as the order', () => {
    const changes = fieldChanges({ env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }, { env: [{ name: 'B', value: '2' }, { name: 'A', value: '1' }] });
    expect(changes).toEqual([{ path: ['env'], before: ['A', 'B'], after: ['B', 'A'] }]);
  });

  test('key order alone is no change', () => {
    expect(fieldChanges({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 })).toEqual([]);
  });
});

test('formatPath quotes keys that are not identifiers', () => {
  expect(formatPath(['metadata', 'labels', 'app.kubernetes.io/name'])).toBe('metadata.labels["app.kubernetes.io/name"]');
  expect(formatPath(['spec', 'containers', { name: 'app' }, 'ports', 0, 'containerPort'])).toBe('spec.containers[name=app].ports[0].containerPort');
});
