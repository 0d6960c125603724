import { describeSelector, pinnedNames } from '../../lib/review/label-selector';

test('namespaces pinned by name', () => {
  expect(pinnedNames({ matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } })).toEqual(['kube-system']);
  expect(pinnedNames({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['b', 'a'] }] })).toEqual(['a', 'b']);
  expect(pinnedNames({ matchLabels: { team: 'x' } })).toBeUndefined();
});

test('selectors read as text', () => {
  expect(describeSelector({})).toBe('all');
  expect(describeSelector({ matchLabels: { 'k8s-app': 'kube-dns' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] })).toBe('k8s-app=kube-dns, tier in (a,b)');
});
