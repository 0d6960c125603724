import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { environments } from '../lib/config/environments';
import { distDrift } from '../lib/synth/freshness';
import { synthesize } from '../main';
import { environmentInput } from './support/render';

describe('dist/ against a fresh render', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'freshness-'));
  const dist = path.join(scratch, 'dist');
  beforeAll(() => synthesize(environments, { stageDir: path.join(scratch, 'stage'), distDir: dist }));
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  test('a render of the same sources matches', () => {
    const drift = distDrift(dist);
    expect(drift.problems).toEqual([]);
    expect(drift.files).toBeGreaterThan(0);
  });

  test('a config change without a synth is reported file by file', () => {
    const dev = environmentInput('dev');
    const changed = { ...environments, dev: { ...dev, tenants: [] } };
    const { problems } = distDrift(dist, changed);
    expect(problems).toContain('outdated: dist/dev/0000-platform.k8s.yaml');
    expect(problems.every(p => p.includes('dist/dev/'))).toBe(true);
  });

  test('files of an environment no longer rendered are reported as stale', () => {
    const { problems } = distDrift(dist, { dev: environments.dev });
    expect(problems).toContain('stale:    dist/prod/0000-platform.k8s.yaml (no longer rendered)');
  });
});
