import { checkManifests, RULES, Violation } from '../../lib/policy';
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

  test('finds the same violations whatever the order of the objects (reports follow the input order)', () => {
    const objects = platform();
    objects.forEach(o => { if (o.spec?.template?.spec) o.spec.template.spec.hostNetwork = true; });
    objects.find(o => o.kind === 'ConfigMap' && o.metadata.name === 'web-config').metadata.name = 'renamed';
    // Reversed, Namespaces and ConfigMaps come after the workloads that depend on them.
    const reversed = [...objects].reverse();
    const rotated = [...objects.slice(3), ...objects.slice(0, 3)];
    const sorted = (violations: Violation[]) => violations.map(v => JSON.stringify(v)).sort();
    const violations = check(objects);
    expect(new Set(violations.map(v => v.ruleId))).toEqual(new Set(['PSS-BASELINE-HOST-NAMESPACES', 'REF-CONFIGMAP']));
    expect(sorted(check(reversed))).toEqual(sorted(violations));
    expect(sorted(check(rotated))).toEqual(sorted(violations));
  });
});
