import { checkManifests, RULES } from '../../lib/policy';
import { check, platform } from './fixtures';

describe('checkManifests', () => {
  test('rule ids are unique and stable-looking, and every rule has a reason and a hint', () => {
    const ids = RULES.map(r => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[A-Z]+(-[A-Z0-9]+)+$/);
      expect(r.reason).not.toBe('');
      expect(r.hint).not.toBe('');
    }
  });

  test('ignores documents that are not Kubernetes objects', () => {
    expect(checkManifests([{ object: null }, { object: 'text' }, { object: { replicas: 3 } }, ...platform().map(object => ({ object }))])).toEqual([]);
  });

  test('reports the source file and the effective namespace of the object', () => {
    const [v] = checkManifests([{ object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'Yg==' } }, source: 'x.yaml', index: 2 }]);
    expect(v).toEqual(expect.objectContaining({ ruleId: 'SEC-SECRET-DATA', kind: 'Secret', namespace: 'default', name: 's', path: 'data', source: 'x.yaml' }));
  });

  test('keeps the rule\'s reason as it is and puts what is wrong in this object in detail', () => {
    const objects = platform();
    objects.find(o => o.kind === 'Deployment').spec.template.spec.containers[0].image = 'nginx:latest';
    const [v] = check(objects);
    const rule = RULES.find(r => r.id === 'IMG-LATEST')!;
    expect(v).toEqual(expect.objectContaining({ ruleId: rule.id, reason: rule.reason, detail: expect.stringContaining('"nginx:latest"') }));
  });

  test('is deterministic: the same input gives the same violations in the same order', () => {
    const objects = platform();
    objects.forEach(o => { if (o.spec?.template?.spec) o.spec.template.spec.hostNetwork = true; });
    expect(check(objects)).toEqual(check(objects));
    expect(check(objects).length).toBeGreaterThan(0);
  });
});
