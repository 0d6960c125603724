import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkManifests, formatViolations, loadManifestDir, loadManifestSets } from '../../lib/policy';
import { parseManifestText } from '../../lib/policy/load';
import { platform, webPod } from './fixtures';
import { CONSTRUCT_METADATA_FILE } from '../../lib/policy/construct-metadata';

const ROOT = path.resolve(__dirname, '../..');
const toYaml = (objects: any[]) => objects.map(o => JSON.stringify(o)).join('\n---\n');

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function validate(target: string) {
  return spawnSync(process.execPath, ['--require', './lib/synth/register.js', 'lib/policy/cli.ts', target], { cwd: ROOT, encoding: 'utf-8' });
}

describe('loadManifestDir', () => {
  test('reads .yaml, .yml and .json recursively, splits documents and Lists, skips non-Kubernetes documents', () => {
    write('a.k8s.yaml', `${toYaml(platform().slice(0, 2))}\n---\n# empty document\n`);
    write('sub/b.yml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: apps}\n');
    write('sub/list.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'c' } }] }));
    write(CONSTRUCT_METADATA_FILE, JSON.stringify({ version: '1.0.0', resources: {} }));
    write('values.yaml', 'replicas: 3\n');
    write('README.md', '# not a manifest');

    const manifests = loadManifestDir(dir);
    expect(manifests.map(m => `${m.object.kind}/${m.object.metadata.name}`)).toEqual(['Namespace/apps', 'Namespace/agents', 'ConfigMap/b', 'ServiceAccount/c']);
    expect(manifests[1]).toMatchObject({ source: path.join(dir, 'a.k8s.yaml'), index: 1 });
  });

  test('parseManifestText keeps every document, Kubernetes object or not, and flattens typed Lists', () => {
    const text = 'replicas: 3\n---\n---\n' + JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMapList', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }] });
    expect(parseManifestText(text, 'x.yaml')).toEqual([
      { object: { replicas: 3 }, source: 'x.yaml', index: 0 },
      { object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }, source: 'x.yaml', index: 2 },
    ]);
  });

  test('keeps a document that looks like a broken Kubernetes object, so validate reports it', () => {
    const file = write('web.yaml', 'apiVersion: apps/v1\nKind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: nginx:1.25.3, securityContext: {privileged: true}}]\n');
    expect(loadManifestDir(dir).map(m => m.object.metadata.name)).toEqual(['web']);
    const result = validate(file);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('OBJ-UNCLASSIFIED  Kind');
  });

  test('names the file of a YAML syntax error', () => {
    write('bad.yaml', 'kind: [unclosed\n');
    expect(() => loadManifestDir(dir)).toThrow(/bad\.yaml/);
  });

  test('a folder of environment folders gives one set per environment; a folder with files is one set', () => {
    write('dev/0000-a.k8s.yaml', toYaml(platform()));
    write('prod/0000-a.k8s.yaml', toYaml(platform()));
    expect(loadManifestSets(dir).map(s => path.basename(s.name))).toEqual(['dev', 'prod']);
    expect(loadManifestSets(path.join(dir, 'dev'))).toHaveLength(1);
  });
});

describe('formatViolations', () => {
  test('groups violations by object and prints rule id, path, reason and fix', () => {
    const objects = platform();
    webPod(objects).containers[0].image = 'nginx:latest';
    webPod(objects).hostPID = true;
    const text = formatViolations(checkManifests(objects.map(object => ({ object, source: 'dist/dev/0001-apps.k8s.yaml' }))));
    expect(text).toContain('Deployment apps/web  (dist/dev/0001-apps.k8s.yaml)\n  ✗ PSS-BASELINE-HOST-NAMESPACES  spec.template.spec.hostPID\n');
    expect(text).toContain('  ✗ IMG-LATEST  spec.template.spec.containers[0].image\n    Image uses the mutable :latest tag');
    expect(text).toContain('Image uses the mutable :latest tag, so a restart can run different code — container "web" image "nginx:latest"\n');
    expect(text).toContain('    fix: Pin the image');
    expect(text).toMatch(/2 violations in 1 object\.$/);
    expect(formatViolations([])).toBe('No policy violations.');
  });
});

describe('npm run validate', () => {
  test('exits 0 on a clean output and 1 with a report on violations, checking environments separately', () => {
    write('dist/dev/0000-platform.k8s.yaml', toYaml(platform()));
    const clean = validate(path.join(dir, 'dist'));
    expect(clean.stdout).toContain('No policy violations.');
    expect(clean.status).toBe(0);

    // prod alone misses the ConfigMap that dev has: references never resolve across environments.
    write('dist/prod/0000-platform.k8s.yaml', toYaml(platform().filter(o => o.metadata.name !== 'web-config')));
    const broken = validate(path.join(dir, 'dist'));
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(`== ${path.join(dir, 'dist', 'prod')}`);
    expect(broken.stdout).toContain('✗ REF-CONFIGMAP  spec.template.spec.volumes[0].configMap.name');
  });

  test('checks a single hand-written file and exits 2 when nothing can be read', () => {
    const file = write('deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n      containers: [{name: x, image: x}]\n');
    const result = validate(file);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('IMG-NO-TAG');
    expect(result.stdout).not.toContain('REF-NAMESPACE');
    expect(validate(path.join(dir, 'missing')).status).toBe(2);
  });
});
