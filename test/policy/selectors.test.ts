import { isEmptySelector, matchesSelector } from '../../lib/policy/selectors';

test('matchLabels and matchExpressions all have to hold; empty matches everything', () => {
  const labels = { app: 'web', tier: 'front' };
  expect(matchesSelector({}, labels)).toBe(true);
  expect(matchesSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }] }, labels)).toBe(true);
  expect(matchesSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels)).toBe(false);
  expect(matchesSelector({ matchExpressions: [{ key: 'track', operator: 'DoesNotExist' }, { key: 'app', operator: 'Exists' }] }, labels)).toBe(true);
});

test('an absent selector matches everything and is empty', () => {
  expect(matchesSelector(undefined, { app: 'web' })).toBe(true);
  expect(isEmptySelector(undefined)).toBe(true);
  expect(isEmptySelector({ matchLabels: {}, matchExpressions: [] })).toBe(true);
  expect(isEmptySelector({ matchExpressions: [{ key: 'app', operator: 'Exists' }] })).toBe(false);
});

test('labels are own keys only', () => {
  expect(matchesSelector({ matchExpressions: [{ key: 'constructor', operator: 'Exists' }] }, {})).toBe(false);
});

test('an unknown operator is an invalid selector, as for the API server', () => {
  expect(() => matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'in', values: ['front'] }] }, { tier: 'front' }))
    .toThrow('invalid label selector: unknown operator "in" for key "tier"');
});
