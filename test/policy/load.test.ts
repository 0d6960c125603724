import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkManifests, formatViolations, loadManifestDir, loadManifestSets } from '../../lib/policy';
import { parseManifestText } from '../../lib/policy/load';
import { platform, webPod } from './fixtures';
import { CONSTRUCT_METADATA_FILE } from '../../lib/policy/construct-metadata';
import { npmRun } from '../support/npm-run';

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

function validate(target: string, ...options: string[]) {
  return npmRun('validate', [target, ...options]);
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

  test('marks warnings with ! and counts them apart from violations', () => {
    const objects = platform().filter(o => o.metadata.name !== 'apps' || o.kind !== 'Namespace');
    webPod(objects).hostPID = true;
    const text = formatViolations(checkManifests(objects.map(object => ({ object })), { strict: false }));
    expect(text).toContain('  ! PSS-BASELINE-HOST-NAMESPACES  spec.template.spec.hostPID\n');
    expect(text).toMatch(/\n\d+ violations and 1 warning in \d+ objects\.$/);
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

  test('checks a single hand-written file', () => {
    const file = write('deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n      containers: [{name: x, image: x}]\n');
    const result = validate(file);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('IMG-NO-TAG');
    expect(result.stdout).not.toContain('REF-NAMESPACE');
  });

  test.each([
    ['an empty file', 'empty.yaml', ''],
    ['a file with only ---', 'dashes.yaml', '---\n---\n'],
    ['non-Kubernetes YAML', 'values.yaml', 'replicas: 3\nimage: {tag: x}\n'],
    ['a .txt file, even holding a manifest', 'deploy.txt', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n'],
  ])('exits 2, nothing readable, on %s', (_title, name, text) => {
    const result = validate(write(name, text));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`Nothing readable in ${path.join(dir, name)}: no Kubernetes object`);
    expect(result.stdout).toBe('');
  });

  test('exits 2 with a plain message on a missing path (no raw ENOENT) and on bad arguments', () => {
    const missing = validate(path.join(dir, 'missing'));
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim()).toBe(`${path.join(dir, 'missing')}: no such file or folder`);
    for (const args of [['--assume-level', 'strict'], ['--external-secret', 'db'], ['--nope']]) {
      const bad = validate(dir, ...args);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('usage: npm run validate --');
    }
  });
});

describe('npm run validate on a docs-style manifest (no Namespace object, so the Pod Security level is unknown)', () => {
  const nginx = () => write('nginx.yaml', JSON.stringify({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx' },
    spec: { selector: { matchLabels: { app: 'nginx' } }, template: { metadata: { labels: { app: 'nginx' } }, spec: {
      containers: [{ name: 'nginx', image: 'nginx:1.25.3', resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
        readinessProbe: { httpGet: { path: '/', port: 80 } }, livenessProbe: { httpGet: { path: '/', port: 80 } },
        env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } }] }],
    } } },
  }));

  test('names the assumed level, reports warnings and exits 0; --strict fails; --assume-level changes the level', () => {
    const file = nginx();
    const warned = validate(file, '--external-secret', 'default/api');
    expect(warned.status).toBe(0);
    expect(warned.stdout).toContain('Pod Security level unknown for namespace default (no Namespace object in the input): checked against the assumed level "restricted"');
    expect(warned.stdout).toContain('  ! PSS-RESTRICTED-RUN-AS-NON-ROOT  spec.template.spec.containers[0].securityContext.runAsNonRoot');
    expect(warned.stdout).toContain('0 violations and 4 warnings in 1 object.');

    const strict = validate(file, '--strict', '--external-secret', 'default/api');
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain('  ✗ PSS-RESTRICTED-RUN-AS-NON-ROOT');

    const privileged = validate(file, '--assume-level', 'privileged', '--strict', '--external-secret', 'default/api');
    expect(privileged.status).toBe(0);
    expect(privileged.stdout).toContain('checked against the assumed level "privileged"');
    expect(privileged.stdout).toContain('No policy violations.');
  });

  test('a Secret created outside fails with a hint fitting hand-written input until --external-secret declares it', () => {
    const result = validate(nginx(), '--assume-level', 'privileged');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('✗ REF-SECRET  spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name');
    expect(result.stdout).toContain('--external-secret <namespace>/<name>');
  });
});
