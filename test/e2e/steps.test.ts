import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderedWorkloads } from '../../lib/e2e/checks';

/** Runs e2e/steps.sh functions with test/e2e/fake-kubectl.sh as kubectl; returns the calls it made. */
const root = join(__dirname, '..', '..');
let bin: string;
let log: string;

beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'e2e-steps-'));
  copyFileSync(join(__dirname, 'fake-kubectl.sh'), join(bin, 'kubectl'));
  chmodSync(join(bin, 'kubectl'), 0o755);
});
afterAll(() => rmSync(bin, { recursive: true, force: true }));

function steps(script: string, env: Record<string, string> = {}): { status: number; stderr: string; calls: string[] } {
  log = join(bin, `calls-${Math.random().toString(36).slice(2)}.log`);
  const result = spawnSync('bash', ['-c', `set -euo pipefail; source e2e/versions.sh; source e2e/steps.sh; E2E_WORK=$(mktemp -d); ${script}`], {
    cwd: root, encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_KUBE_LOG: log, ...env },
  });
  let calls: string[] = [];
  try { calls = readFileSync(log, 'utf8').trim().split('\n'); } catch { /* no call */ }
  return { status: result.status ?? -1, stderr: result.stderr, calls };
}

/** The commands of docs/apply.md's "Commands" block, for dev. */
function documentedApply(): string[] {
  const doc = readFileSync(join(root, 'docs', 'apply.md'), 'utf8');
  const block = /## Commands[^\n]*\n\n```sh\n([\s\S]*?)```/.exec(doc)![1];
  return block.split('\n').filter((line) => /^(KUBECTL_APPLYSET=true )?kubectl /.test(line))
    .map((line) => line.replace(/prod/g, 'dev').replace(/^(KUBECTL_APPLYSET=true )?kubectl /, '$1'))
    // The e2e cluster is kind's current context: the docs' --context names a real environment's cluster.
    .map((line) => line.replace(/--context \S+ /, ''));
}

test('apply_environment runs the commands of docs/apply.md, in order', () => {
  const documented = documentedApply();
  expect(documented).toHaveLength(5);
  // The dry run (step 2 of the docs) is the no-op step's; the first apply runs the other three.
  const { status, calls } = steps('apply_environment');
  expect(status).toBe(0);
  expect(calls).toEqual(documented.filter((line) => !line.includes('--dry-run=server')));
});

test('wait_for_workloads waits for every rollout and Job of dist/dev', () => {
  const { status, calls } = steps('wait_for_workloads');
  expect(status).toBe(0);
  const expected = renderedWorkloads(join(root, 'dist', 'dev')).map((line) => {
    const [namespace, kind, name] = line.split(' ');
    return kind === 'job'
      ? `-n ${namespace} wait --for=condition=complete job/${name} --timeout=900s`
      : `-n ${namespace} rollout status ${kind}/${name} --timeout=900s`;
  });
  expect(calls).toEqual(expected);
});

describe('prove_apply_is_no_op', () => {
  const recorded = (file: string) => join(__dirname, 'recorded', file);
  test('an empty diff and nothing to prune: the dry run of the docs, then the apply again', () => {
    const { status, calls } = steps('prove_apply_is_no_op', { FAKE_PRUNE_OUTPUT: recorded('apply-prune-dry-run-quiet.txt') });
    expect(status).toBe(0);
    // Not as "kubectl": that manager owns the part-of label the apply added, which the files lack.
    expect(calls[0]).toBe('diff --server-side --field-manager=e2e-second-apply -f dist/dev/');
    expect(calls[1]).toBe(documentedApply().find((line) => line.includes('--dry-run=server')));
    expect(calls.slice(2)).toEqual(documentedApply().filter((line) => !line.includes('--dry-run=server')));
  });
  test('a difference fails before applying, naming the object', () => {
    const { status, stderr, calls } = steps('prove_apply_is_no_op', { FAKE_DIFF_EXIT: '1', FAKE_DIFF_OUTPUT: recorded('kubectl-diff-changed.txt') });
    expect(status).not.toBe(0);
    expect(stderr).toContain('a second apply would change 1 object(s): apps.v1.Deployment.apps.hello-world');
    expect(stderr).toContain('e2e FAILED: kubectl diff --server-side -f dist/dev/ is not empty after the first apply');
    expect(calls).toHaveLength(1);
  });
  test('a prune fails', () => {
    const { status, stderr } = steps('prove_apply_is_no_op', { FAKE_PRUNE_OUTPUT: recorded('apply-prune-dry-run-prunes.txt') });
    expect(status).not.toBe(0);
    expect(stderr).toContain('e2e FAILED: the second apply would prune objects of its own render');
  });
});

test('retry_for gives up after its bound and reports failure', () => {
  const { status, stderr } = steps('if retry_for 0 false; then echo held >&2; else echo gave-up >&2; fi; retry_for 0 true && echo held >&2');
  expect(status).toBe(0);
  expect(stderr).toBe('gave-up\nheld\n');
});

test('collect_diagnostics writes events, objects and describe output for the artifact', () => {
  const out = join(bin, 'diagnostics');
  const { status, calls } = steps(`collect_diagnostics ${out}`);
  expect(status).toBe(0);
  expect(calls).toEqual(expect.arrayContaining(['get events -A --sort-by=.lastTimestamp', 'describe pods -A', 'describe nodes']));
  expect(['events.txt', 'objects.txt', 'describe-pods.txt', 'describe-nodes.txt'].map((f) => readFileSync(join(out, f), 'utf8'))).toHaveLength(4);
});

describe('create_tls_secrets', () => {
  test('a self-signed certificate for each Ingress TLS host, stored as the Secret the Ingress names, in its namespace', () => {
    const work = mkdtempSync(join(tmpdir(), 'e2e-tls-'));
    const { status, calls } = steps(`E2E_WORK=${work}; create_tls_secrets`);
    expect(status).toBe(0);
    const created = calls.filter((call) => call.includes('create secret tls'));
    expect(created).toHaveLength(5);
    expect(created).toContain(`-n logging create secret tls kibana.localtest.me-tls --cert=${work}/tls/kibana.localtest.me.crt --key=${work}/tls/kibana.localtest.me.key --dry-run=client -o yaml`);
    expect(calls.filter((call) => call === 'apply -f -')).toHaveLength(5);
    // The certificate names its host, so curl --cacert accepts it for that host only.
    const text = spawnSync('openssl', ['x509', '-noout', '-text', '-in', join(work, 'tls', 'jenkins.localtest.me.crt')], { encoding: 'utf8' }).stdout;
    expect(text).toContain('DNS:jenkins.localtest.me');
    rmSync(work, { recursive: true, force: true });
  });
});
