import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Kube, readOnlyArgs } from '../../lib/preflight/kubectl';
import { RECORDED } from './cluster';
import { npmRun } from '../support/npm-run';

describe('kubectl runner', () => {
  test.each(['apply', 'create', 'delete', 'patch', 'edit', 'replace', 'label', 'annotate', 'scale', 'debug', 'exec'])('refuses the verb %s', verb => {
    expect(() => readOnlyArgs(verb as any, ['pods'])).toThrow(`preflight only reads the cluster; refusing kubectl ${verb}`);
  });

  test('reads as JSON and passes the context', () => {
    expect(readOnlyArgs('get', ['nodes'], 'kind-dev')).toEqual(['get', 'nodes', '-o', 'json', '--context', 'kind-dev']);
    expect(readOnlyArgs('version', [])).toEqual(['version', '-o', 'json']);
  });

  test('tells found, not found, forbidden and a missing resource type apart; reads each thing once', () => {
    const calls: string[][] = [];
    const replies: Record<string, { status: number; stdout: string; stderr: string }> = {
      a: { status: 0, stdout: '{"kind":"Node"}', stderr: '' },
      b: { status: 1, stdout: '', stderr: 'Error from server (NotFound): nodes "b" not found\n' },
      c: { status: 1, stdout: '', stderr: 'Error from server (Forbidden): nodes "c" is forbidden: User "x" cannot get resource "nodes"\n' },
      d: { status: 1, stdout: '', stderr: 'error: the server doesn\'t have a resource type "clusterissuers"\n' },
    };
    const kube = new Kube(args => { calls.push([...args]); return replies[args[2]]; });
    expect(kube.get({ resource: 'nodes', name: 'a' })).toEqual({ kind: 'found', value: { kind: 'Node' } });
    expect(kube.get({ resource: 'nodes', name: 'b' })).toEqual({ kind: 'notFound' });
    expect(kube.get({ resource: 'nodes', name: 'c' })).toMatchObject({ kind: 'unknown', forbidden: true });
    expect(kube.get({ resource: 'nodes', name: 'd' })).toEqual({ kind: 'notFound' });
    kube.get({ resource: 'nodes', name: 'a' });
    expect(calls).toHaveLength(4);
  });
});

describe('npm run preflight with a fake kubectl on PATH', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-'));
  const bin = path.join(tmp, 'bin');
  fs.mkdirSync(bin);
  fs.copyFileSync(path.join(__dirname, 'fake-kubectl.sh'), path.join(bin, 'kubectl'));
  fs.chmodSync(path.join(bin, 'kubectl'), 0o755);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  function preflight(overrides?: string) {
    const log = path.join(tmp, `calls-${overrides ? 'overrides' : 'recorded'}.log`);
    const result = npmRun('preflight', ['prod', '--context', 'kind-prod'],
      { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_KUBE_RECORDED: RECORDED, FAKE_KUBE_LOG: log, FAKE_KUBE_OVERRIDES: overrides ?? '' });
    return { ...result, calls: fs.readFileSync(log, 'utf8').trim().split('\n') };
  }

  test('everything present: exit 0, and every call is a read in the given context', () => {
    const run = preflight();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('prod: 27 prerequisites: 26 ok, 0 missing, 0 unknown, 1 unverified');
    for (const call of run.calls) expect(call).toMatch(/^(get|version) .*-o json --context kind-prod$/);
  });

  test('a missing ClusterIssuer: exit 1', () => {
    const overrides = path.join(tmp, 'overrides');
    fs.mkdirSync(overrides);
    fs.writeFileSync(path.join(overrides, 'get_clusterissuers.cert-manager.io_platform-ca.err'), 'Error from server (NotFound): clusterissuers.cert-manager.io "platform-ca" not found\n');
    const run = preflight(overrides);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^MISSING +issuer +ClusterIssuer platform-ca +not found; named by Certificate logging\/elasticsearch/m);
  });
});
