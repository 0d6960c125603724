import { labelKeyProblem, labelValueProblem, LABEL_RULES, labels } from '../../lib/policy/rules/labels';
import { describeRules, find, QuietCase, RuleCase, webPod } from './fixtures';

const web = { kind: 'Deployment', name: 'web' };
const deployment = (o: any[]) => find(o, 'Deployment', 'web');

const cases: RuleCase[] = [
  { rule: LABEL_RULES.key, title: 'space in the key', ...web, path: 'metadata.labels["my label"]', breakIt: o => { deployment(o).metadata.labels['my label'] = 'x'; } },
  { rule: LABEL_RULES.key, title: 'uppercase prefix', ...web, path: 'spec.template.metadata.labels["Example.com/tier"]',
    breakIt: o => { deployment(o).spec.template.metadata.labels['Example.com/tier'] = 'web'; } },
  { rule: LABEL_RULES.key, title: 'name part longer than 63', kind: 'ConfigMap', name: 'web-config', path: `metadata.labels.${'a'.repeat(64)}`,
    breakIt: o => { find(o, 'ConfigMap', 'web-config').metadata.labels = { ['a'.repeat(64)]: 'x' }; } },
  { rule: LABEL_RULES.value, title: 'slash in the value', ...web, path: 'metadata.labels.source', breakIt: o => { deployment(o).metadata.labels.source = 'github.com/x'; } },
  { rule: LABEL_RULES.value, title: 'value in a selector ends with a dash', ...web, path: 'spec.selector.matchLabels.tier',
    breakIt: o => { deployment(o).spec.selector.matchLabels.tier = 'web-'; deployment(o).spec.template.metadata.labels.tier = 'web-'; } },
];

const quiet: QuietCase[] = [
  { title: 'empty value, dots, underscores, uppercase in name and value', change: o => {
    Object.assign(deployment(o).metadata.labels, { 'example.com/Tier_A.b': 'Web_1.2', empty: '' });
  } },
  { title: 'pod labels of a bare Pod are checked once (valid here)', change: o => {
    o.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'apps', labels: { a: 'b' } }, spec: structuredClone(webPod(o)) });
  } },
];

describe('labels', () => {
  describeRules(labels, cases, quiet);

  test('key and value limits are those of the API server', () => {
    expect(labelKeyProblem(`${'a'.repeat(63)}`)).toBeUndefined();
    expect(labelKeyProblem(`${'a'.repeat(254)}/x`)).toMatch(/prefix/);
    expect(labelKeyProblem('/x')).toMatch(/prefix/);
    expect(labelValueProblem('a'.repeat(63))).toBeUndefined();
    expect(labelValueProblem('a'.repeat(64))).toBe('64 characters (at most 63)');
  });
});
