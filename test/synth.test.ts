import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { environments } from '../lib/config/environments';
import { GITOPS_DIR } from '../lib/gitops/argocd';
import { ConfigError } from '../lib/config/validate';
import { synthesize } from '../main';
import { CONSTRUCT_METADATA_FILE } from '../lib/policy/construct-metadata';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'synth-test-'));
}

function snapshotTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      files[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  }
  return files;
}

describe('synthesize', () => {
  test('invalid configuration fails before anything is written', () => {
    const stageDir = tempDir();
    const distDir = tempDir();
    fs.mkdirSync(path.join(distDir, 'dev'));
    fs.writeFileSync(path.join(distDir, 'dev', '0000-platform.k8s.yaml'), 'previous render\n');
    const before = snapshotTree(distDir);

    const prod: any = structuredClone(environments.prod);
    prod.tenants[0].quota.requests.memory = 'lots';
    expect(() => synthesize({ dev: environments.dev, prod }, { stageDir, distDir })).toThrow(ConfigError);

    expect(snapshotTree(distDir)).toEqual(before);
    expect(fs.readdirSync(stageDir)).toEqual([]);
  });

  test('publishes every environment, drops stale ones and never copies tool metadata', () => {
    const stageDir = tempDir();
    const distDir = tempDir();
    fs.mkdirSync(path.join(distDir, 'retired-env'));
    fs.writeFileSync(path.join(distDir, 'retired-env', 'x.k8s.yaml'), 'old\n');
    fs.mkdirSync(path.join(stageDir, 'dev'), { recursive: true });
    fs.writeFileSync(path.join(stageDir, 'dev', CONSTRUCT_METADATA_FILE), '{}');

    synthesize(environments, { stageDir, distDir });

    // Plus Argo CD's Applications when an environment is delivered by Argo CD (lib/gitops).
    const gitops = Object.values(environments).some(e => e.gitops) ? [GITOPS_DIR] : [];
    expect(fs.readdirSync(distDir).sort()).toEqual([...Object.keys(environments), ...gitops].sort());
    for (const env of Object.keys(environments)) {
      const files = fs.readdirSync(path.join(distDir, env), { recursive: true, withFileTypes: true }).filter(e => e.isFile()).map(e => e.name);
      expect(files.length).toBeGreaterThan(0);
      expect(files.every(f => /\.(k8s\.yaml|md)$/.test(f))).toBe(true);
      expect(fs.readdirSync(path.join(distDir, env, 'bootstrap'))).toEqual(['0000-applyset-crd.k8s.yaml', '0001-namespaces.k8s.yaml', '0002-applyset.k8s.yaml']);
    }
  });

  test('two runs produce identical output', () => {
    const first = tempDir();
    const second = tempDir();
    synthesize(environments, { stageDir: tempDir(), distDir: first });
    synthesize(environments, { stageDir: tempDir(), distDir: second });
    expect(snapshotTree(second)).toEqual(snapshotTree(first));
  });
});
