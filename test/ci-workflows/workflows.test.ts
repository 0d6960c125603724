import { validateWorkflow } from '@action-validator/core';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * The GitHub Actions workflows: valid against the workflow schema (@action-validator/core bundles
 * SchemaStore's github-workflow schema), third-party actions pinned to commits, least privilege.
 */
const root = join(__dirname, '..', '..');
const dir = join(root, '.github', 'workflows');
const files = readdirSync(dir).filter((f) => f.endsWith('.yml')).sort();
const text = (file: string) => readFileSync(join(dir, file), 'utf8');
const workflow = (file: string): any => parse(text(file));

interface Step { readonly uses?: string; readonly run?: string; readonly with?: Record<string, unknown>; readonly env?: Record<string, string> }
const jobs = (file: string): [string, any][] => Object.entries(workflow(file).jobs);
const steps = (file: string): Step[] => jobs(file).flatMap(([, job]) => job.steps as Step[]);

/** `uses:` lines that are not `owner/repo@<40 hex> # v<x.y.z>`. */
function unpinnedActions(source: string): string[] {
  return [...source.matchAll(/^\s*(?:-\s*)?uses:\s*(.+)$/gm)].map((m) => m[1].trim())
    .filter((uses) => !uses.startsWith('./') && !/^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/.test(uses));
}

test('the four workflows exist', () => {
  expect(files).toEqual(['ci.yml', 'e2e.yml', 'pr-comment.yml', 'pr-diff.yml']);
});

describe.each(files)('%s', (file) => {
  test('is valid against the workflow schema', () => {
    expect(validateWorkflow(text(file)).errors).toEqual([]);
  });
  test('pins every action to a commit, with its version in a comment', () => {
    expect(unpinnedActions(text(file))).toEqual([]);
    expect(steps(file).some((step) => step.uses)).toBe(true);
  });
  test('grants only read access at the top level', () => {
    expect([{ contents: 'read' }, {}]).toContainEqual(workflow(file).permissions);
  });
  test('never runs on pull_request_target, and checks out without keeping the token', () => {
    expect(Object.keys(workflow(file).on)).not.toContain('pull_request_target');
    for (const step of steps(file).filter((s) => s.uses?.startsWith('actions/checkout@'))) expect(step.with?.['persist-credentials']).toBe(false);
  });
  test('uses Node 20 with the npm cache', () => {
    for (const step of steps(file).filter((s) => s.uses?.startsWith('actions/setup-node@'))) expect(step.with).toMatchObject({ 'node-version': 20, 'cache': 'npm' });
  });
  test('never puts an expression into a script (values pass through env)', () => {
    for (const step of steps(file)) expect(step.run ?? '').not.toContain('${{');
    for (const step of steps(file)) expect(String(step.with?.script ?? '')).not.toContain('${{');
  });
});

describe('the checks', () => {
  test('the schema validator reports a broken workflow (so an empty error list means something)', () => {
    const codes = validateWorkflow('on: pushh\njobs:\n  a:\n    runs-onn: ubuntu-24.04\n').errors.map((e) => ('path' in e ? e.path : e.code));
    expect(codes).toEqual(expect.arrayContaining(['/on', '/jobs/a']));
  });
  test('an action pinned to a tag, or a SHA without its version, is reported', () => {
    const source = 'steps:\n  - uses: actions/checkout@v4\n  - uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020\n  - uses: ./local\n';
    expect(unpinnedActions(source)).toEqual(['actions/checkout@v4', 'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020']);
  });
});

describe('ci.yml', () => {
  test('runs .ci/run on pull requests and pushes to main: npm ci, the Debian validators, npm test', () => {
    expect(workflow('ci.yml').on).toEqual({ pull_request: null, push: { branches: ['main'] } });
    expect(steps('ci.yml').map((s) => s.run).filter(Boolean)).toEqual(['.ci/run']);
    const ciRun = readFileSync(join(root, '.ci', 'run'), 'utf8');
    expect(ciRun).toMatch(/apt-get install .*prometheus prometheus-alertmanager shellcheck nginx/);
    expect(ciRun).toMatch(/^npm ci /m);
    expect(ciRun).toMatch(/^npm test$/m);
  });
});

describe('the diff comment: pr-diff.yml computes, pr-comment.yml posts', () => {
  test('pr-diff runs on pull requests and label changes, read-only, and fails the check through the verdict', () => {
    const pr = workflow('pr-diff.yml');
    expect(pr.on.pull_request.types).toEqual(expect.arrayContaining(['opened', 'synchronize', 'labeled', 'unlabeled']));
    expect(jobs('pr-diff.yml').every(([, job]) => job.permissions === undefined)).toBe(true);
    const runs = steps('pr-diff.yml').map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('npm run --silent diff -- "origin/$BASE_REF" --fail-on-risk > rendered-diff/report.md');
    expect(runs).toContain('npm run --silent pr-comment -- check --exit-code "$DIFF_EXIT" --labels "$LABELS"');
  });
  test('only the comment job can write, and only to pull requests', () => {
    const comment = workflow('pr-comment.yml');
    expect(comment.permissions).toEqual({});
    expect(comment.jobs.comment.permissions).toEqual({ 'actions': 'read', 'contents': 'read', 'pull-requests': 'write' });
    expect(comment.on).toEqual({ workflow_run: { workflows: [workflow('pr-diff.yml').name], types: ['completed'] } });
  });
  test('the comment job checks out the default branch, never the pull request', () => {
    const checkout = steps('pr-comment.yml').find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with?.ref).toBe('${{ github.event.repository.default_branch }}');
  });
  test('the artifact uploaded is the one downloaded, from the triggering run', () => {
    const upload = steps('pr-diff.yml').find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    const download = steps('pr-comment.yml').find((s) => s.uses?.startsWith('actions/download-artifact@'));
    expect(download?.with).toMatchObject({ 'name': upload?.with?.name, 'run-id': '${{ github.event.workflow_run.id }}' });
  });
  test('the comment job verifies the pull request against the run and updates its own comment', () => {
    const scripts = steps('pr-comment.yml').map((s) => String(s.with?.script ?? '')).join('\n');
    expect(scripts).toContain('pr.head.repo?.full_name !== run.head_repository.full_name || pr.head.ref !== run.head_branch');
    expect(scripts).toContain('pr.head.sha !== run.head_sha');
    expect(scripts).toContain('github.rest.issues.updateComment');
    expect(scripts).toContain('c.body?.startsWith(marker)');
  });
});

describe('e2e.yml', () => {
  test('installs the pinned tools, runs npm run e2e, uploads diagnostics on failure', () => {
    const all = steps('e2e.yml');
    expect(all.map((s) => s.run ?? '').join('\n')).toContain('e2e/install-tools.sh');
    const e2e = all.find((s) => s.run === 'npm run e2e');
    const upload = all.find((s) => s.uses?.startsWith('actions/upload-artifact@')) as Step & { if?: string };
    expect(upload.if).toBe('failure()');
    expect(`${upload.with?.path}`).toContain(`${e2e?.env?.E2E_ARTIFACTS}`);
  });
});
