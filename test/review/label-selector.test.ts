import { describeSelector, matchesSelector, pinnedNames } from '../../lib/review/label-selector';

test('matchLabels and matchExpressions all have to hold; empty matches everything', () => {
  const labels = { app: 'web', tier: 'front' };
  expect(matchesSelector({}, labels)).toBe(true);
  expect(matchesSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }] }, labels)).toBe(true);
  expect(matchesSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels)).toBe(false);
  expect(matchesSelector({ matchExpressions: [{ key: 'track', operator: 'DoesNotExist' }, { key: 'app', operator: 'Exists' }] }, labels)).toBe(true);
});

test('namespaces pinned by name', () => {
  expect(pinnedNames({ matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } })).toEqual(['kube-system']);
  expect(pinnedNames({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['b', 'a'] }] })).toEqual(['a', 'b']);
  expect(pinnedNames({ matchLabels: { team: 'x' } })).toBeUndefined();
});

test('selectors read as text', () => {
  expect(describeSelector({})).toBe('all');
  expect(describeSelector({ matchLabels: { 'k8s-app': 'kube-dns' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] })).toBe('k8s-app=kube-dns, tier in (a,b)');
});
