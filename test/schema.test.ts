import { schemaError } from './support/kube-schema';
import { unknownFields } from './support/strict-fields';
import { KubeObject, renderEnvironment } from './support/render';
import { environments } from '../lib/config/environments';

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

  test('names are unique per kind and namespace', () => {
    const keys = objects.map(o => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });
});

describe.each(Object.keys(environments))('%s: strict field validation', env => {
  const { objects } = renderEnvironment(env);

  test('no object has a field the 1.27 API server would reject as unknown', () => {
    const unknown = objects.flatMap(o => unknownFields(o) ?? []);
    expect(unknown).toEqual([]);
  });

  test('every built-in kind is known to the check', () => {
    const unchecked = objects.filter(o => !o.apiVersion.startsWith('cert-manager.io/') && unknownFields(o) === undefined).map(o => `${o.apiVersion} ${o.kind}`);
    expect(unchecked).toEqual([]);
  });

  test('the check finds a misplaced field (it can fail)', () => {
    const typo: KubeObject = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' },
      spec: { selector: {}, template: { spec: { containers: [{ name: 'a', image: 'b', securityContext: { runAsNonroot: true } }] } } },
    };
    expect(unknownFields(typo)).toEqual(['Deployment.spec.template.spec.containers[0].securityContext.runAsNonroot']);
  });
});
