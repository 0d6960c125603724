import { join } from 'node:path';
import { runDiffCli } from '../../lib/review/diff-cli';
import { claim, deployment, edited, namespace } from './objects';
import { manifest, TempRepo } from './temp-repo';

/** Runs the CLI in the fixture repository; its dist/ is up to date unless `stale` lists drift. */
function run(repo: TempRepo, args: string[], stale: string[] = []): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runDiffCli(args, { cwd: repo.dir, out: (t) => { out += t; }, err: (t) => { err += t; }, drift: () => stale });
  return { code, out, err };
}

describe('npm run diff', () => {
  let repo: TempRepo;
  const web = deployment('apps', 'web');
  const data = claim('apps', 'uploads', '10Gi');

  beforeEach(() => {
    repo = new TempRepo();
    repo.write('dist/dev/0001-apps.k8s.yaml', manifest([namespace('apps'), web, data]));
    repo.commit('render on main');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('dist/dev/0001-apps.k8s.yaml', manifest([namespace('apps'), edited(web, (d) => { d.spec.replicas = 4; }), data]));
    repo.commit('scale web');
  });
  afterEach(() => repo.remove());

  test('defaults to the merge base with main and includes uncommitted changes', () => {
    repo.write('dist/dev/0001-apps.k8s.yaml', manifest([namespace('apps'), edited(web, (d) => { d.spec.replicas = 5; }), data]));
    const { code, out } = run(repo, []);
    expect(code).toBe(0);
    expect(out).toMatch(/^## Rendered manifests: main \(merge base [0-9a-f]{12}\) → working tree dist\//);
    expect(out).toContain('- `spec.replicas`: `2` → `5`');
  });

  test('takes a git ref as base', () => {
    const { code, out } = run(repo, ['HEAD']);
    expect(code).toBe(0);
    expect(out).toContain('**No differences.**');
  });

  test('takes a folder as base', () => {
    repo.write('old/dev/a.yaml', manifest([namespace('apps'), web]));
    const { out } = run(repo, ['old']);
    expect(out).toContain('## Rendered manifests: folder old → working tree dist/');
    expect(out).toContain('| dev | 1 | 0 | 1 | 1 | 0 |');
  });

  test('exits 0 on a risky change unless --fail-on-risk', () => {
    repo.write('dist/dev/0001-apps.k8s.yaml', manifest([namespace('apps'), web, claim('apps', 'uploads', '5Gi')]));
    expect(run(repo, []).code).toBe(0);
    const failing = run(repo, ['--fail-on-risk']);
    expect(failing.code).toBe(1);
    expect(failing.out).toContain('⛔ refused');
  });

  test('--fail-on-risk passes when nothing needs care', () => {
    expect(run(repo, ['main', '--fail-on-risk']).code).toBe(0);
  });

  test('an absolute folder works as a relative one does', () => {
    repo.write('old/dev/a.yaml', manifest([namespace('apps'), web]));
    const { code, out } = run(repo, [join(repo.dir, 'old')]);
    expect(code).toBe(0);
    expect(out).toContain('| dev | 1 | 0 | 1 | 1 | 0 |');
  });

  test('a stale dist/ is said first, loudly, and exits 3', () => {
    const { code, out, err } = run(repo, [], ['outdated: dist/dev/0001-apps.k8s.yaml']);
    expect(code).toBe(3);
    expect(out).toMatch(/^> ⛔ \*\*dist\/ is stale: it does not match a fresh render of the sources\*\* \(1 file\(s\)\)/);
    expect(out).toContain('> - `outdated: dist/dev/0001-apps.k8s.yaml`');
    expect(err).toContain('run npm run synth');
    expect(run(repo, ['HEAD']).out).not.toContain('stale');
  });

  test('without a local main, the base is the merge base with origin/main', () => {
    const mainHead = repo.git('rev-parse', 'main').trim();
    repo.git('update-ref', 'refs/remotes/origin/main', mainHead);
    repo.git('branch', '-D', 'main');
    const { code, out } = run(repo, []);
    expect(code).toBe(0);
    expect(out).toContain(`## Rendered manifests: origin/main (merge base ${mainHead.slice(0, 12)}) → working tree dist/`);
  });

  test('without main, origin/main or an upstream, the message says what to pass', () => {
    repo.git('branch', '-D', 'main');
    const { code, err } = run(repo, []);
    expect(code).toBe(2);
    expect(err).toContain('none of main, origin/main, @{upstream} exists');
    expect(err).toContain('pass a git ref or a folder as base');
    expect(err).not.toContain('merge-base');
  });

  test('bad input exits 2 with a message', () => {
    expect(run(repo, ['nope'])).toEqual({ code: 2, out: '', err: expect.stringContaining('nope is neither a folder nor a commit') });
    expect(run(repo, ['--frobnicate']).code).toBe(2);
  });
});
