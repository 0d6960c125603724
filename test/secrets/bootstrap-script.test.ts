import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bootstrapScript } from '../../lib/secrets/bootstrap-script';
import { DeclaredSecret } from '../../lib/secrets/declared-secret';

const writer = DeclaredSecret.generated({
  name: 'log-writer', namespaces: ['logging', 'logging-agents'], keys: { password: {}, token: { length: 40, alphabet: 'hex' } }, description: 'test',
});
const oauth = DeclaredSecret.external({ name: 'oauth-client', namespaces: ['ci'], keys: ['client-secret'], description: 'test' });

/** Runs the rendered script with a fake kubectl against a folder-backed "cluster". */
function runScript(store: string): string {
  const bin = path.join(store, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.copyFileSync(path.join(__dirname, 'fake-kubectl.sh'), path.join(bin, 'kubectl'));
  fs.chmodSync(path.join(bin, 'kubectl'), 0o755);
  const script = path.join(store, 'bootstrap.sh');
  fs.writeFileSync(script, bootstrapScript([writer, oauth]));
  return execFileSync('sh', [script], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_KUBE_STORE: store }, encoding: 'utf8', stdio: 'pipe' });
}

function secretData(store: string, namespace: string, name: string): Record<string, string> {
  const data = JSON.parse(fs.readFileSync(path.join(store, namespace, `${name}.json`), 'utf8')).data as Record<string, string>;
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
}

describe('secret bootstrap script', () => {
  let store: string;
  beforeEach(() => { store = fs.mkdtempSync(path.join(os.tmpdir(), 'bootstrap-')); });

  test('creates a missing secret with fresh values, identical in every declared namespace', () => {
    const output = runScript(store);
    const logging = secretData(store, 'logging', 'log-writer');
    expect(logging.password).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(logging.token).toMatch(/^[0-9a-f]{40}$/);
    expect(secretData(store, 'logging-agents', 'log-writer')).toEqual(logging);
    expect(output).toContain('created secret logging/log-writer');
  });

  test('re-running rotates nothing and creates nothing', () => {
    runScript(store);
    const before = secretData(store, 'logging', 'log-writer');
    fs.writeFileSync(path.join(store, 'calls.log'), '');
    const output = runScript(store);
    expect(secretData(store, 'logging', 'log-writer')).toEqual(before);
    expect(fs.readFileSync(path.join(store, 'calls.log'), 'utf8')).not.toMatch(/^create/m);
    expect(output).not.toContain('created');
  });

  test('an existing secret is the source for namespaces that miss it, and is never overwritten', () => {
    fs.mkdirSync(path.join(store, 'logging-agents'), { recursive: true });
    const existing = { password: Buffer.from('operator-chosen-password-000000').toString('base64'), token: Buffer.from('abc').toString('base64') };
    fs.writeFileSync(path.join(store, 'logging-agents', 'log-writer.json'), JSON.stringify({ metadata: { name: 'log-writer', namespace: 'logging-agents' }, type: 'Opaque', data: existing }));
    runScript(store);
    expect(secretData(store, 'logging', 'log-writer')).toEqual({ password: 'operator-chosen-password-000000', token: 'abc' });
    expect(secretData(store, 'logging-agents', 'log-writer').password).toBe('operator-chosen-password-000000');
  });

  test('a Secret deleted later comes back with the value it had, copied from a namespace that kept it', () => {
    runScript(store);
    const before = secretData(store, 'logging-agents', 'log-writer');
    fs.rmSync(path.join(store, 'logging', 'log-writer.json'));
    expect(runScript(store)).toContain('created secret logging/log-writer');
    expect(secretData(store, 'logging', 'log-writer')).toEqual(before);
  });

  test('losing a race to another run adopts the winner\'s values, so every namespace holds one value', () => {
    const winner = { password: Buffer.from('W'.repeat(32)).toString('base64'), token: Buffer.from('f'.repeat(40)).toString('base64') };
    fs.mkdirSync(path.join(store, 'race', 'logging'), { recursive: true });
    fs.writeFileSync(path.join(store, 'race', 'logging', 'log-writer.json'), JSON.stringify({ metadata: { name: 'log-writer', namespace: 'logging' }, type: 'Opaque', data: winner }));
    const output = runScript(store);
    expect(output).toContain('secret logging/log-writer was created concurrently; kept and used as the source');
    expect(secretData(store, 'logging', 'log-writer')).toEqual({ password: 'W'.repeat(32), token: 'f'.repeat(40) });
    expect(secretData(store, 'logging-agents', 'log-writer')).toEqual(secretData(store, 'logging', 'log-writer'));
  });

  test('another run\'s Secret found just before creating is adopted, not skipped: every namespace holds one value', () => {
    const winner = { password: Buffer.from('V'.repeat(32)).toString('base64'), token: Buffer.from('e'.repeat(40)).toString('base64') };
    fs.mkdirSync(path.join(store, 'appear', 'logging'), { recursive: true });
    fs.writeFileSync(path.join(store, 'appear', 'logging', 'log-writer.json'), JSON.stringify({ metadata: { name: 'log-writer', namespace: 'logging' }, type: 'Opaque', data: winner }));
    runScript(store);
    expect(secretData(store, 'logging', 'log-writer')).toEqual({ password: 'V'.repeat(32), token: 'e'.repeat(40) });
    expect(secretData(store, 'logging-agents', 'log-writer')).toEqual(secretData(store, 'logging', 'log-writer'));
  });

  test('a failed read is not taken for a missing Secret: the run fails and creates nothing', () => {
    runScript(store);
    const kept = secretData(store, 'logging', 'log-writer');
    fs.rmSync(path.join(store, 'logging-agents', 'log-writer.json'));
    // One read of logging times out: taken for "absent", it would give logging-agents a new, different value.
    fs.mkdirSync(path.join(store, 'unreachable'), { recursive: true });
    fs.writeFileSync(path.join(store, 'unreachable', 'logging'), '');
    expect(() => runScript(store)).toThrow();
    expect(fs.existsSync(path.join(store, 'logging-agents', 'log-writer.json'))).toBe(false);
    // The next run, with the API answering, restores the copy with the value the other namespace kept.
    runScript(store);
    expect(secretData(store, 'logging-agents', 'log-writer')).toEqual(kept);
  });

  test('an external secret is only checked: a warning, never a generated value', () => {
    const output = runScript(store);
    expect(output).toContain('WARNING: secret ci/oauth-client is supplied by an operator and does not exist yet');
    expect(fs.existsSync(path.join(store, 'ci', 'oauth-client.json'))).toBe(false);
  });
});
