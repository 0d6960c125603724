import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { find } from '../support/render';
import { secrets, setupJobIn, synthOf } from './support';

/**
 * Runs the rendered setup script, with the rendered CronJob's parameters, against a fake
 * Elasticsearch (a `curl` on PATH keeping objects as files) and a `sleep` that returns at once.
 */
const objects = synthOf(chart => setupJobIn(chart, { retentionDays: 3 }));
const script = find(objects, 'ConfigMap', 'elasticsearch-setup', 'logging').data['setup.sh'];
const setupEnv: any[] = find(objects, 'CronJob', 'elasticsearch-setup', 'logging').spec.jobTemplate.spec.template.spec.containers[0].env;
const passwords = { ELASTIC_PASSWORD: 'elasticPw0123456789', KIBANA_SYSTEM_PASSWORD: 'kibanaPw0123456789', WRITER_PASSWORD: 'writerPw0123456789' };

/** The rendered Job's script and environment, and the Secrets' values its `valueFrom` entries read. */
interface SetupRun { readonly script: string; readonly env: readonly any[]; readonly secrets: Readonly<Record<string, string>> }
const defaultRun: SetupRun = { script, env: setupEnv, secrets: passwords };

function runSetup(store: string, run: SetupRun = defaultRun): { status: number; stderr: string } {
  const bin = path.join(store, 'bin');
  if (!fs.existsSync(bin)) {
    fs.mkdirSync(bin);
    fs.copyFileSync(path.join(__dirname, 'fake-curl.sh'), path.join(bin, 'curl'));
    fs.writeFileSync(path.join(bin, 'sleep'), '#!/bin/sh\necho "$1" >>"$FAKE_ES_STORE/sleeps.log"\n');
    for (const tool of ['curl', 'sleep']) fs.chmodSync(path.join(bin, tool), 0o755);
    fs.writeFileSync(path.join(store, 'setup.sh'), run.script);
    fs.mkdirSync(path.join(store, 'tmp'));
  }
  const parameters = Object.fromEntries(run.env.filter(e => e.value !== undefined).map(e => [e.name, e.value]));
  // Optional Secrets may be absent: every required one must have a value.
  expect(run.env.filter(e => e.valueFrom && !e.valueFrom.secretKeyRef?.optional).map(e => e.name).filter(n => !(n in run.secrets))).toEqual([]);
  try {
    execFileSync('sh', [path.join(store, 'setup.sh')], {
      env: { PATH: `${bin}:${process.env.PATH}`, TMPDIR: path.join(store, 'tmp'), FAKE_ES_STORE: store, FAKE_ES_ELASTIC_PASSWORD: passwords.ELASTIC_PASSWORD, ...parameters, ...run.secrets },
      encoding: 'utf8', stdio: 'pipe',
    });
    return { status: 0, stderr: '' };
  } catch (error: any) {
    return { status: error.status, stderr: error.stderr };
  }
}

/** Every object the fake cluster holds, by request path, parsed. */
function state(store: string): Record<string, any> {
  const root = path.join(store, 'es');
  const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter(f => fs.statSync(path.join(root, f)).isFile());
  return Object.fromEntries(files.sort().map(f => [`/${f}`, JSON.parse(fs.readFileSync(path.join(root, f), 'utf8'))]));
}

/** The calls of the last run, as "METHOD PATH"; the log is emptied. */
function takeCalls(store: string): string[] {
  const log = path.join(store, 'calls.log');
  const calls = fs.readFileSync(log, 'utf8').trim().split('\n').map(line => line.split(' ').slice(0, 2).join(' '));
  fs.writeFileSync(log, '');
  return calls;
}

const SETUP_CALLS = [
  'GET /_cluster/health?wait_for_status=yellow&timeout=10s',
  'POST /_security/user/kibana_system/_password',
  'PUT /_ilm/policy/k8s-logs',
  'PUT /_index_template/k8s-logs',
  'PUT /_security/role/fluentd_writer',
  'PUT /_security/user/fluentd',
];

describe('Elasticsearch setup script against a fake cluster', () => {
  let store: string;
  beforeEach(() => { store = fs.mkdtempSync(path.join(os.tmpdir(), 'es-setup-')); });
  afterEach(() => fs.rmSync(store, { recursive: true, force: true }));

  test('puts every object, with the rendered parameters and the passwords from the Secrets', () => {
    expect(runSetup(store).status).toBe(0);
    expect(takeCalls(store)).toEqual(SETUP_CALLS);
    const objects = state(store);
    expect(Object.keys(objects)).toEqual([
      '/_ilm/policy/k8s-logs', '/_index_template/k8s-logs', '/_security/role/fluentd_writer',
      '/_security/user/fluentd', '/_security/user/kibana_system/_password',
    ]);
    expect(objects['/_security/user/kibana_system/_password']).toEqual({ password: passwords.KIBANA_SYSTEM_PASSWORD });
    expect(objects['/_ilm/policy/k8s-logs'].policy.phases.delete).toEqual({ min_age: '3d', actions: { delete: {} } });
    expect(objects['/_index_template/k8s-logs']).toMatchObject({
      index_patterns: ['k8s-logs-*'],
      template: { settings: { 'index.lifecycle.name': 'k8s-logs', 'index.number_of_replicas': 0 } },
    });
    expect(objects['/_security/role/fluentd_writer'].indices.map((i: any) => i.names)).toEqual([['k8s-logs-*']]);
    expect(objects['/_security/user/fluentd']).toEqual({ password: passwords.WRITER_PASSWORD, roles: ['fluentd_writer'] });
  });

  test('a second run makes the same calls and leaves the same state', () => {
    runSetup(store);
    takeCalls(store);
    const first = state(store);
    expect(runSetup(store).status).toBe(0);
    expect(takeCalls(store)).toEqual(SETUP_CALLS);
    expect(state(store)).toEqual(first);
  });

  test('drift is repaired: deleted policy, template, role and user come back, a changed password is reset', () => {
    runSetup(store);
    takeCalls(store);
    const first = state(store);
    for (const object of ['_ilm/policy/k8s-logs', '_index_template/k8s-logs', '_security/role/fluentd_writer', '_security/user/fluentd']) {
      fs.rmSync(path.join(store, 'es', object));
    }
    fs.writeFileSync(path.join(store, 'es/_security/user/kibana_system/_password'), '{"password":"changedByHand"}');
    expect(runSetup(store).status).toBe(0);
    expect(takeCalls(store)).toEqual(SETUP_CALLS);
    expect(state(store)).toEqual(first);
  });

  test('waits for the cluster: nothing is put until health answers, then setup runs', () => {
    fs.writeFileSync(path.join(store, 'unhealthy'), '3');
    expect(runSetup(store).status).toBe(0);
    expect(takeCalls(store)).toEqual([...Array(3).fill(SETUP_CALLS[0]), ...SETUP_CALLS]);
    expect(fs.readFileSync(path.join(store, 'sleeps.log'), 'utf8')).toBe('5\n5\n5\n');
  });

  test('a failing call fails the run (the pod restarts) and says which call; the elastic password never reaches the command line', () => {
    fs.writeFileSync(path.join(store, 'fail'), '/_security/role/fluentd_writer');
    const run = runSetup(store);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PUT /_security/role/fluentd_writer: HTTP 500');
    expect(takeCalls(store)).toEqual(SETUP_CALLS.slice(0, 5));
    expect(fs.readFileSync(path.join(store, 'argv.log'), 'utf8')).not.toContain(passwords.ELASTIC_PASSWORD);
  });
});

describe('Elasticsearch setup script: the read-only logs user', () => {
  const withReader = synthOf(chart => setupJobIn(chart, { retentionDays: 3, reader: { user: 'grafana_reader', password: secrets.writerPassword } }));
  const run = (readerPassword?: string): SetupRun => ({
    script: find(withReader, 'ConfigMap', 'elasticsearch-setup', 'logging').data['setup.sh'],
    env: find(withReader, 'CronJob', 'elasticsearch-setup', 'logging').spec.jobTemplate.spec.template.spec.containers[0].env,
    secrets: readerPassword ? { ...passwords, READER_PASSWORD: readerPassword } : passwords,
  });
  let store: string;
  beforeEach(() => { store = fs.mkdtempSync(path.join(os.tmpdir(), 'es-setup-')); });
  afterEach(() => fs.rmSync(store, { recursive: true, force: true }));

  test('with its password: a role that only reads the log indices and the cluster version, and the user', () => {
    expect(runSetup(store, run('readerPw0123456789')).status).toBe(0);
    expect(takeCalls(store)).toEqual([...SETUP_CALLS, 'PUT /_security/role/grafana_reader_role', 'PUT /_security/user/grafana_reader']);
    const objects = state(store);
    expect(objects['/_security/role/grafana_reader_role']).toEqual({ cluster: ['monitor'], indices: [{ names: ['k8s-logs-*'], privileges: ['read', 'view_index_metadata'] }] });
    expect(objects['/_security/user/grafana_reader']).toEqual({ password: 'readerPw0123456789', roles: ['grafana_reader_role'] });
  });

  test('its Secret is optional for the Job: without it the setup runs and skips the reader', () => {
    expect(run().env.find((e: any) => e.name === 'READER_PASSWORD').valueFrom.secretKeyRef.optional).toBe(true);
    expect(runSetup(store, run()).status).toBe(0);
    expect(takeCalls(store)).toEqual(SETUP_CALLS);
  });
});
