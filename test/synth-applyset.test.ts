import { EXTERNAL_NAMESPACES_ANNOTATION } from '../lib/core/platform-keys';
import * as fs from 'fs';
import * as path from 'path';
import { environments } from '../lib/config/environments';
import { APPLYSET_PARENT, applySetFlag, applySetId, groupResource, KUBECTL_APPLYSET } from '../lib/synth/applyset';
import { BOOTSTRAP_DIR } from '../lib/synth/bootstrap-dir';
import { APPLYSET_CRD_FILE, pruneLayout } from '../lib/synth/prune-layout';
import { KubeObject, renderEnvironment } from './support/render';

test('the id is computed as kubectl v1.27.16 computes it (vectors from its pkg/cmd/apply/apply_test.go)', () => {
  expect(applySetId({ name: 'my-set', namespace: 'test', kind: 'Secret', group: '' })).toBe('applyset-0eFHV8ySqp7XoShsGvyWFQD3s96yqwHmzc4e0HR1dsY-v1');
  expect(applySetId({ name: 'my-set', kind: 'ApplySet', group: 'company.com' })).toBe('applyset-rhp1a-HVAVT_dFgyEygyA1BEB82HPp2o10UiFTpqtAs-v1');
});

test('a kind without a known API resource fails the render instead of writing a wrong annotation', () => {
  expect(groupResource({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'x' } })).toBe('networkpolicies.networking.k8s.io');
  expect(groupResource({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } })).toBe('configmaps');
  expect(() => groupResource({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'x' } })).toThrow(/no API resource known for kind Widget.example.com/);
});

/** `Kind.group`, written here independently of the module under test. */
const gk = (o: KubeObject) => (o.apiVersion.includes('/') ? `${o.kind}.${o.apiVersion.split('/')[0]}` : o.kind);
const sorted = (values: Iterable<string>) => [...new Set(values)].sort().join(',');

describe.each(Object.keys(environments))('%s: the ApplySet of the render', env => {
  const rendered = renderEnvironment(env);
  const files = pruneLayout(env, rendered.charts.map(c => ({ file: `${c.name}.k8s.yaml`, objects: c.objects })));
  const bootstrap = files.filter(f => f.file.startsWith(`${BOOTSTRAP_DIR}/`)).flatMap(f => f.objects) as KubeObject[];
  const members = files.filter(f => !f.file.includes('/')).flatMap(f => f.objects) as KubeObject[];
  const parent = bootstrap.find(o => o.kind === APPLYSET_PARENT.kind)!;
  const crd = files.find(f => f.file === APPLYSET_CRD_FILE)!.objects[0];

  test('the parent carries the id kubectl computes for --applyset=<resource>.<group>/<env> (cluster-scoped, no -n)', () => {
    expect(applySetFlag(env)).toBe(`applysets.platform.internal/${env}`);
    expect(parent.metadata.name).toBe(env);
    expect(parent.metadata.namespace).toBeUndefined();
    expect(parent.metadata.labels![KUBECTL_APPLYSET.idLabel]).toBe(applySetId({ name: env, kind: 'ApplySet', group: 'platform.internal' }));
    expect(parent.metadata.annotations![KUBECTL_APPLYSET.toolingAnnotation].split('/')[0]).toBe('kubectl');
  });

  test('contains-group-kinds and -resources list exactly the kinds of the pruned files; additional-namespaces their namespaces', () => {
    const annotations = parent.metadata.annotations!;
    expect(annotations[KUBECTL_APPLYSET.groupKindsAnnotation]).toBe(sorted(members.map(gk)));
    expect(annotations[KUBECTL_APPLYSET.groupResourcesAnnotation].split(',')).toHaveLength(new Set(members.map(gk)).size);
    expect(annotations[KUBECTL_APPLYSET.groupResourcesAnnotation]).toContain('deployments.apps');
    expect(annotations[KUBECTL_APPLYSET.namespacesAnnotation]).toBe(sorted(members.flatMap(o => o.metadata.namespace ?? [])));
  });

  test('members carry no part-of label: kubectl adds it and refuses input that already has it', () => {
    expect(members.filter(o => o.metadata.labels?.[KUBECTL_APPLYSET.partOfLabel] !== undefined)).toEqual([]);
  });

  test('Namespaces are never members, and the bootstrap folder creates every namespace a member lives in', () => {
    expect(members.filter(o => o.kind === 'Namespace')).toEqual([]);
    const namespaces = new Set(bootstrap.filter(o => o.kind === 'Namespace').map(o => o.metadata.name));
    expect(namespaces.size).toBe(rendered.objects.filter(o => o.kind === 'Namespace').length);
    // A prerequisite's namespace (Velero's) is the prerequisite's: the member names it as external.
    const external = (o: any) => String(o.metadata.annotations?.[EXTERNAL_NAMESPACES_ANNOTATION] ?? '').split(',');
    expect([...new Set(members.filter(o => !external(o).includes(o.metadata.namespace!)).flatMap(o => o.metadata.namespace ?? []))].filter(ns => !namespaces.has(ns))).toEqual([]);
    expect(members.length + namespaces.size).toBe(rendered.objects.length);
  });

  test('the CRD makes ApplySet a permitted cluster-scoped parent type', () => {
    expect(crd.metadata.name).toBe(`${APPLYSET_PARENT.plural}.${APPLYSET_PARENT.group}`);
    expect(crd.metadata.labels[KUBECTL_APPLYSET.parentTypeLabel]).toBe('true');
    expect(crd.spec).toMatchObject({ group: 'platform.internal', scope: 'Cluster', names: { kind: 'ApplySet', plural: 'applysets' } });
    expect(parent.apiVersion).toBe(`platform.internal/${crd.spec.versions[0].name}`);
  });
});

test('docs/apply.md gives the exact --applyset flag', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', 'apply.md'), 'utf8');
  expect(doc).toContain(`--applyset=${applySetFlag('prod')}`);
  expect(doc).toContain(APPLYSET_CRD_FILE);
});
