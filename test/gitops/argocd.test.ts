import * as fs from 'fs';
import * as path from 'path';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { load } from 'js-yaml';
import { environments } from '../../lib/config/environments';
import { APPLYSET_FILES, applicationFile, ARGOCD, environmentApplication, GITOPS_DIR, gitopsFiles, ROOT_FILE, SYNC_OPTIONS, withSyncWaves } from '../../lib/gitops/argocd';
import { ENVIRONMENTS, renderEnvironment } from '../support/render';

const DIST = path.join(__dirname, '..', '..', 'dist');
const readYaml = (file: string): any => load(fs.readFileSync(file, 'utf8'));
/** Validates against the Argo CD CRD schema (@kubernetes-models/argo-cd); throws on a violation. */
const validate = (object: any) => new Application(object).validate();
const delivered = ENVIRONMENTS.filter(env => environments[env].gitops);

describe('dist/gitops: Argo CD app-of-apps', () => {
  const root = readYaml(path.join(DIST, GITOPS_DIR, ROOT_FILE));

  test('the root Application validates and syncs the per-environment Applications into Argo CD\'s cluster', () => {
    expect(() => validate(root)).not.toThrow();
    expect(root.spec.source).toMatchObject({ path: `dist/${GITOPS_DIR}`, directory: { exclude: ROOT_FILE } });
    expect(root.spec.destination.server).toBe('https://kubernetes.default.svc');
    expect(fs.readdirSync(path.join(DIST, GITOPS_DIR)).sort()).toEqual([ROOT_FILE, ...delivered.map(applicationFile)].sort());
  });

  test('the schema check fires on an invalid Application', () => {
    expect(() => validate({ ...root, spec: { ...root.spec, syncPolicy: { syncOptions: 'ServerSideApply=true' } } })).toThrow();
    expect(() => validate({ ...root, spec: { ...root.spec, destination: { server: 42 } } })).toThrow();
  });

  test('every environment of the fleet uses the same repository and Argo CD namespace', () => {
    const env = { name: 'a', server: 'https://a:6443', repoURL: 'https://git/x.git', revision: 'main', namespace: 'argocd', project: 'default', automated: false, objects: [] };
    expect(() => gitopsFiles([env, { ...env, name: 'b', repoURL: 'https://git/y.git' }])).toThrow('gitops: every environment must name the same repoURL and Argo CD namespace (one app-of-apps); b differs from a');
  });
});

describe.each(delivered)('%s: delivered by Argo CD', env => {
  const { config, objects } = renderEnvironment(env);
  const app = readYaml(path.join(DIST, GITOPS_DIR, applicationFile(env)));

  test('its Application validates, syncs dist/<env> at the configured revision into the environment\'s cluster', () => {
    expect(() => validate(app)).not.toThrow();
    expect(app.spec.source).toMatchObject({ repoURL: config.gitops!.repoURL, targetRevision: config.gitops!.revision, path: `dist/${env}` });
    expect(fs.existsSync(path.join(DIST, env))).toBe(true);
    expect(app.spec.destination).toEqual({ server: config.cluster.server });
    expect(app.spec.syncPolicy.syncOptions).toEqual([...SYNC_OPTIONS]);
    expect(app.spec.syncPolicy.automated !== undefined).toBe(config.gitops!.automated);
  });

  test('ignoreDifferences covers exactly the replicas of HPA targets', () => {
    const targets = objects.filter(o => o.kind === 'HorizontalPodAutoscaler').map(h => `${h.metadata.namespace}/${h.spec.scaleTargetRef.kind}/${h.spec.scaleTargetRef.name}`).sort();
    expect(targets.length).toBeGreaterThan(0);
    const ignored = (app.spec.ignoreDifferences ?? []) as any[];
    expect(ignored.map(i => `${i.namespace}/${i.kind}/${i.name}`).sort()).toEqual(targets);
    for (const i of ignored) expect(i.jsonPointers).toEqual(['/spec/replicas']);
  });

  test('sync waves reproduce the file order, namespaces first; namespaces are never pruned nor deleted; the ApplySet is left out', () => {
    const files = [
      ...fs.readdirSync(path.join(DIST, env, 'bootstrap')).map(f => `bootstrap/${f}`),
      ...fs.readdirSync(path.join(DIST, env)).filter(f => f.endsWith('.k8s.yaml')),
    ].filter(f => !(APPLYSET_FILES as readonly string[]).includes(f));
    expect(files[0]).toBe('bootstrap/0001-namespaces.k8s.yaml');
    files.forEach((file, wave) => {
      const docs = fs.readFileSync(path.join(DIST, env, file), 'utf8').split(/^---$/m).map(d => load(d) as any).filter(Boolean);
      for (const o of docs) {
        expect([file, o.metadata.annotations?.[ARGOCD.syncWave]]).toEqual([file, String(wave)]);
        expect(o.metadata.annotations?.[ARGOCD.syncOptions]).toBe(o.kind === 'Namespace' ? 'Prune=false,Delete=false' : undefined);
      }
    });
    expect(app.spec.source.directory.exclude).toBe(`{${APPLYSET_FILES.join(',')}}`);
  });
});

describe('environments delivered by kubectl', () => {
  test.each(ENVIRONMENTS.filter(env => !environments[env].gitops))('%s: no Argo CD annotations in dist/<env>', env => {
    const files = fs.readdirSync(path.join(DIST, env), { recursive: true, encoding: 'utf8' }).filter(f => f.endsWith('.k8s.yaml'));
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter(f => fs.readFileSync(path.join(DIST, env, f), 'utf8').includes('argocd.argoproj.io'))).toEqual([]);
  });

  test('withSyncWaves leaves the ApplySet files untouched and annotates the rest by position', () => {
    const files = [
      { file: APPLYSET_FILES[0], objects: [{ kind: 'CustomResourceDefinition', metadata: { name: 'x' } }] },
      { file: 'bootstrap/0001-namespaces.k8s.yaml', objects: [{ kind: 'Namespace', metadata: { name: 'a' } }] },
      { file: '0000-platform.k8s.yaml', objects: [{ kind: 'ConfigMap', metadata: { name: 'b', annotations: { keep: 'me' } } }] },
    ];
    const [crd, namespaces, platform] = withSyncWaves(files);
    expect(crd).toBe(files[0]);
    expect(namespaces.objects[0].metadata.annotations).toEqual({ [ARGOCD.syncWave]: '0', [ARGOCD.syncOptions]: 'Prune=false,Delete=false' });
    expect(platform.objects[0].metadata.annotations).toEqual({ keep: 'me', [ARGOCD.syncWave]: '1' });
  });

  test('an Application without HPAs has no ignoreDifferences', () => {
    const app = environmentApplication({ name: 'a', server: 'https://a:6443', repoURL: 'https://git/x.git', revision: 'v1', namespace: 'argocd', project: 'default', automated: true, objects: [] });
    expect(app.spec.ignoreDifferences).toBeUndefined();
    expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(() => validate(app)).not.toThrow();
  });
});
