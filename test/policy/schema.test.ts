import { SCHEMA_RULES, schema } from '../../lib/policy/rules/schema';
import { check, describeRules, find, platform, QuietCase, RuleCase, webPod } from './fixtures';

const web = { kind: 'Deployment', name: 'web' };
const C0 = 'spec.template.spec.containers[0]';
const container = (o: any[]) => webPod(o).containers[0];

const cases: RuleCase[] = [
  { rule: SCHEMA_RULES.unknownField, title: 'misspelled container field', ...web, path: `${C0}.imagePullPolicyy`,
    breakIt: o => { container(o).imagePullPolicyy = 'Always'; } },
  { rule: SCHEMA_RULES.unknownField, title: 'misspelled spec field', ...web, path: 'spec.replica', breakIt: o => { find(o, 'Deployment', 'web').spec.replica = 2; } },
  { rule: SCHEMA_RULES.unknownField, title: 'field at the wrong level', ...web, path: 'spec.template.spec.runAsNonRoot',
    breakIt: o => { webPod(o).runAsNonRoot = true; } },
  { rule: SCHEMA_RULES.unknownField, title: 'field in a map key of a typed map value', kind: 'ConfigMap', name: 'web-config', path: 'metadata.label',
    breakIt: o => { find(o, 'ConfigMap', 'web-config').metadata.label = {}; } },
  { rule: SCHEMA_RULES.unknownField, title: 'misspelled metadata field of a custom resource', kind: 'Certificate', name: 'c', path: 'metadata.lables',
    breakIt: o => { o.push({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'c', namespace: 'apps', lables: { a: 'b' } }, spec: {} }); } },
  { rule: SCHEMA_RULES.unknownField, title: 'misspelled type field of a claim template', kind: 'StatefulSet', name: 'db', path: 'spec.volumeClaimTemplates[0].kinds',
    breakIt: o => { find(o, 'StatefulSet', 'db').spec.volumeClaimTemplates[0].kinds = 'PersistentVolumeClaim'; } },
  { rule: SCHEMA_RULES.type, title: 'quoted replicas', ...web, path: 'spec.replicas', breakIt: o => { find(o, 'Deployment', 'web').spec.replicas = '2'; } },
  { rule: SCHEMA_RULES.type, title: 'memory 64MB', ...web, path: `${C0}.resources.requests.memory`,
    breakIt: o => { container(o).resources.requests.memory = '64MB'; } },
  { rule: SCHEMA_RULES.type, title: 'unquoted number as env value', ...web, path: `${C0}.env[2].value`, breakIt: o => { container(o).env[2].value = 8080; } },
  { rule: SCHEMA_RULES.type, title: 'unquoted boolean as label value', ...web, path: 'metadata.labels.enabled',
    breakIt: o => { find(o, 'Deployment', 'web').metadata.labels.enabled = true; } },
  { rule: SCHEMA_RULES.type, title: 'a string where a list belongs', ...web, path: `${C0}.command`, breakIt: o => { container(o).command = 'nginx -g daemon-off'; } },
  { rule: SCHEMA_RULES.type, title: 'fractional port', kind: 'Service', name: 'web', path: 'spec.ports[0].targetPort',
    breakIt: o => { find(o, 'Service', 'web').spec.ports[0].targetPort = 80.5; } },
];

const quiet: QuietCase[] = [
  { title: 'quantities written as numbers, exponents and binary suffixes', change: o => {
    container(o).resources = { requests: { cpu: 1, memory: '1e9' }, limits: { cpu: '1.5', memory: '1Gi' } };
  } },
  { title: 'a numeric targetPort (int or string)', change: o => { find(o, 'Service', 'web').spec.ports[0].targetPort = 8080; } },
  { title: 'claim templates typed as whole PersistentVolumeClaims', change: o => {
    Object.assign(find(o, 'StatefulSet', 'db').spec.volumeClaimTemplates[0], { apiVersion: 'v1', kind: 'PersistentVolumeClaim' });
  } },
  { title: 'null fields (unset)', change: o => { container(o).command = null; } },
  { title: 'status as kubectl get -o yaml prints it', change: o => { find(o, 'Deployment', 'web').status = { replicas: 2, anything: true }; } },
  { title: 'custom resources: only metadata is checked, not their spec', change: o => {
    o.push({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'c', namespace: 'apps' }, spec: { anything: { goes: 1 } } });
  } },
];

describe('schema', () => {
  describeRules(schema, cases, quiet);

  test('names the offending value and what was expected', () => {
    const objects = platform();
    container(objects).resources.requests.memory = '64MB';
    find(objects, 'Deployment', 'web').spec.replica = 2;
    expect(check(objects).map(v => v.detail)).toEqual([
      'expected a quantity such as 128Mi, 1Gi, 500m or 0.5, got "64MB"',
      '"replica" is not a field of DeploymentSpec',
    ]);
  });
});
