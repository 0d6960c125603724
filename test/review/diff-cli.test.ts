import { runDiffCli } from '../../lib/review/diff-cli';
import { claim, deployment, edited, namespace } from './objects';
import { manifest, TempRepo } from './temp-repo';

function run(repo: TempRepo, args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runDiffCli(args, { cwd: repo.dir, out: (t) => { out += t; }, err: (t) => { err += t; } });
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

  test('bad input exits 2 with a message', () => {
    expect(run(repo, ['nope'])).toEqual({ code: 2, out: '', err: expect.stringContaining('nope is neither a folder nor a commit') });
    expect(run(repo, ['--frobnicate']).code).toBe(2);
  });
});
