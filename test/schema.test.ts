import { schemaError } from './support/kube-schema';
import { KubeObject, renderEnvironment } from './support/render';
import { environments } from '../lib/config/environments';
import { checkManifests } from '../lib/policy';
import { kubeSchema } from '../lib/policy/kube-schema';

describe.each(Object.keys(environments))('%s: every object is valid Kubernetes 1.27', env => {
  const { objects } = renderEnvironment(env);

  test('renders objects', () => {
    expect(objects.length).toBeGreaterThan(10);
  });

  test('each object passes the 1.27 schema', () => {
    const invalid = objects
      .map(o => ({ id: `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`, error: schemaError(o) }))
      .filter(r => r.error);
    expect(invalid).toEqual([]);
  });

  test('the validator rejects a broken object (it can fail)', () => {
    const broken: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: 'three', selector: {}, template: {} } };
    expect(schemaError(broken)).toBeDefined();
  });

  test('every StatefulSet claim template names its apiVersion and kind, as the live object does (Argo CD compares them)', () => {
    const untyped = objects.filter(o => o.kind === 'StatefulSet')
      .flatMap(o => (o.spec.volumeClaimTemplates ?? []).map((t: any) => ({ sts: o.metadata.name, claim: t.metadata.name, apiVersion: t.apiVersion, kind: t.kind })))
      .filter(t => t.apiVersion !== 'v1' || t.kind !== 'PersistentVolumeClaim');
    expect(objects.some(o => o.kind === 'StatefulSet' && o.spec.volumeClaimTemplates?.length)).toBe(true);
    expect(untyped).toEqual([]);
  });

  test('names are unique per kind and namespace', () => {
    const keys = objects.map(o => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });
});

describe.each(Object.keys(environments))('%s: strict field validation (the guardrails\' SCHEMA-* rules)', env => {
  const { objects } = renderEnvironment(env);

  test('no object has a field the 1.27 API server would reject as unknown or mistyped', () => {
    const findings = checkManifests(objects.map(object => ({ object }))).filter(v => v.ruleId.startsWith('SCHEMA-'));
    expect(findings).toEqual([]);
  });

  test('every built-in kind has a schema the check walks', () => {
    const unchecked = objects.filter(o => !o.apiVersion.startsWith('cert-manager.io/') && !o.apiVersion.startsWith('velero.io/') && !kubeSchema().kinds.get(`${o.apiVersion} ${o.kind}`)).map(o => `${o.apiVersion} ${o.kind}`);
    expect(unchecked).toEqual([]);
  });

  test('the check finds a misplaced field (it can fail)', () => {
    const typo: KubeObject = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' },
      spec: { selector: {}, template: { spec: { containers: [{ name: 'a', image: 'b', securityContext: { runAsNonroot: true } }] } } },
    };
    expect(checkManifests([{ object: typo }]).filter(v => v.ruleId === 'SCHEMA-UNKNOWN-FIELD').map(v => v.path))
      .toEqual(['spec.template.spec.containers[0].securityContext.runAsNonroot']);
  });
});
