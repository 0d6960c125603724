import { diffObjects } from '../../lib/review/object-diff';
import { configMap, deployment, edited, namespace } from './objects';

describe('diffObjects', () => {
  const web = deployment('apps', 'web');
  const api = deployment('apps', 'api');
  const settings = configMap('apps', 'settings', { mode: 'fast' });

  test('sorts objects into added, removed, changed and unchanged', () => {
    const scaled = edited(web, (d) => { d.spec.replicas = 3; });
    const diff = diffObjects([namespace('apps'), web, settings], [namespace('apps'), scaled, api]);
    expect(diff.added).toEqual([api]);
    expect(diff.removed).toEqual([settings]);
    expect(diff.changed).toEqual([{ before: web, after: scaled, changes: [{ path: ['spec', 'replicas'], before: 2, after: 3 }] }]);
    expect(diff.unchanged).toBe(1);
  });

  test('the same name in another namespace or API version is another object', () => {
    const moved = edited(web, (d) => { d.metadata.namespace = 'web'; });
    const diff = diffObjects([web], [moved]);
    expect(diff.removed).toEqual([web]);
    expect(diff.added).toEqual([moved]);
    expect(diff.changed).toEqual([]);
  });

  test('lists objects by namespace, kind and name', () => {
    const diff = diffObjects([], [deployment('b', 'x'), configMap('b', 'y', {}), deployment('a', 'z')]);
    expect(diff.added.map((o) => `${o.metadata.namespace}/${o.kind}/${o.metadata.name}`)).toEqual(['a/Deployment/z', 'b/ConfigMap/y', 'b/Deployment/x']);
  });
});
