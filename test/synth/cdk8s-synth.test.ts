import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

/** Every file under `dir`, relative to it, with its content. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const relative = path.join(sub, entry.name);
      if (entry.isDirectory()) walk(relative);
      else files[relative] = fs.readFileSync(path.join(dir, relative), 'utf8');
    }
  };
  walk('');
  return files;
}

describe('`cdk8s synth` as cdk8s.yaml runs it (bundling runner, guardrails plugin)', () => {
  test('publishes exactly the committed dist/, and the plugin reuses the in-memory check for every folder', () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-synth-'));
    try {
      const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/cdk8s-cli/bin/cdk8s'), 'synth', '--no-check-upgrade', '-o', path.join(scratch, 'out')],
        { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PLATFORM_DIST_DIR: path.join(scratch, 'dist') } });
      expect(result.stderr).not.toMatch(/error/i);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('Validations ended succesfully');
      expect(tree(path.join(scratch, 'dist'))).toEqual(tree(path.join(ROOT, 'dist')));
      // Every folder the plugin is given (environments and gitops) is in synth's check record.
      const record = JSON.parse(fs.readFileSync(path.join(scratch, 'out', 'guardrails.json'), 'utf8'));
      const folders = fs.readdirSync(path.join(scratch, 'out'), { withFileTypes: true }).filter(e => e.isDirectory()).map(e => e.name);
      expect(Object.keys(record).sort()).toEqual(folders.sort());
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }, 60_000);
});
