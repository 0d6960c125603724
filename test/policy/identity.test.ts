import { checkManifests } from '../../lib/policy';
import { IDENTITY_RULES, identity } from '../../lib/policy/rules/identity';
import { check, describeRules, find, platform, QuietCase, RuleCase } from './fixtures';

const cases: RuleCase[] = [
  { rule: IDENTITY_RULES.unclassified, title: 'Kind: instead of kind:', kind: 'DaemonSet', name: 'agent', path: 'Kind',
    breakIt: o => { const ds = find(o, 'DaemonSet', 'agent'); ds.Kind = ds.kind; delete ds.kind; } },
  { rule: IDENTITY_RULES.unclassified, title: 'no kind at all', kind: '(no kind)', name: 'web-config', path: 'kind',
    breakIt: o => { delete find(o, 'ConfigMap', 'web-config').kind; } },
  { rule: IDENTITY_RULES.unclassified, title: 'apiversion: in the wrong case', kind: 'Service', name: 'web', path: 'apiversion',
    breakIt: o => { const s = find(o, 'Service', 'web'); s.apiversion = s.apiVersion; delete s.apiVersion; } },
  { rule: IDENTITY_RULES.duplicate, title: 'same object twice', kind: 'ConfigMap', name: 'web-config', path: 'metadata.name',
    breakIt: o => { o.push(structuredClone(find(o, 'ConfigMap', 'web-config'))); } },
  { rule: IDENTITY_RULES.duplicate, title: 'same group, another version', kind: 'HorizontalPodAutoscaler', name: 'web', path: 'metadata.name',
    breakIt: o => { o.push({ ...structuredClone(find(o, 'HorizontalPodAutoscaler', 'web')), apiVersion: 'autoscaling/v1', spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 4 } }); } },
];

const quiet: QuietCase[] = [
  { title: 'same name, other kind', change: o => { o.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web-config', namespace: 'apps' } }); } },
  { title: 'same kind and name, other namespace', change: o => { o.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config', namespace: 'agents' } }); } },
  { title: 'YAML that is not meant as a Kubernetes object (Helm Chart.yaml, compose file)', change: o => {
    o.push({ apiVersion: 'v2', name: 'chart', version: '1.0.0' }, { version: '3', services: { web: { image: 'nginx:1.25.3' } } });
  } },
];

describe('identity', () => {
  describeRules(identity, cases, quiet);

  test('a duplicate across files names the file and document of the first', () => {
    const cm = find(platform(), 'ConfigMap', 'web-config');
    const violations = checkManifests([{ object: cm, source: 'a.yaml', index: 3 }, { object: structuredClone(cm), source: 'b.yaml', index: 0 }]);
    expect(violations).toEqual([expect.objectContaining({ ruleId: 'OBJ-DUPLICATE', source: 'b.yaml', detail: 'also defined in a.yaml (document 3)' })]);
  });

  test('a document with Kind: is reported, not skipped, even when it is a privileged workload', () => {
    const objects = platform();
    const ds = find(objects, 'DaemonSet', 'agent');
    ds.Kind = ds.kind;
    delete ds.kind;
    expect(check(objects)).toEqual([expect.objectContaining({ ruleId: 'OBJ-UNCLASSIFIED', detail: 'has "Kind"; keys are case-sensitive' })]);
  });
});
