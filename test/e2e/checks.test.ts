import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  applyIsNoOp, canaryShare, consoleHasLine, jenkinsBuildSucceeded, kibanaAvailable, markerIndexed, noPodsLeft, nothingPruned, prunedObjects, renderedWorkloads,
} from '../../lib/e2e/checks';
import { E2E_CHECK_NAMES, runE2eCli } from '../../lib/e2e/cli';

/** Responses written by hand in the shape of Elasticsearch 8, Kibana 8, kubectl 1.27 and Jenkins output (not captured). */
const recorded = (file: string) => readFileSync(join(__dirname, 'recorded', file), 'utf8');
const json = (file: string) => JSON.parse(recorded(file));
const MARKER = 'e2e-marker-1764432000-4242';

describe('1. marker line in Elasticsearch', () => {
  test('found with its namespace and pod', () => {
    expect(markerIndexed(json('es-search-marker.json'), MARKER, 'team-a', 'e2e-marker')).toBeUndefined();
  });
  test('not indexed yet', () => {
    expect(markerIndexed(json('es-search-empty.json'), MARKER, 'team-a', 'e2e-marker')).toBe(`no document with "${MARKER}" in its message`);
  });
  test('indexed without the Kubernetes metadata', () => {
    expect(markerIndexed(json('es-search-marker-no-metadata.json'), MARKER, 'team-a', 'e2e-marker'))
      .toBe(`"${MARKER}" was indexed, but not with kubernetes.namespace_name=team-a and kubernetes.pod_name=e2e-marker (got namespace_name=undefined pod_name=undefined)`);
  });
  test('indexed for another pod', () => {
    expect(markerIndexed(json('es-search-marker.json'), MARKER, 'team-a', 'other')).toMatch(/got namespace_name=team-a pod_name=e2e-marker/);
  });
  test('a hit for another marker does not count', () => {
    expect(markerIndexed(json('es-search-marker.json'), 'e2e-marker-other', 'team-a', 'e2e-marker')).toMatch(/^no document/);
  });
});

describe('2. Kibana status', () => {
  test('available', () => expect(kibanaAvailable(json('kibana-status-available.json'))).toBeUndefined());
  test('degraded, with the summary', () => {
    expect(kibanaAvailable(json('kibana-status-degraded.json'))).toBe('Kibana status is degraded: 1 service is degraded: savedObjects');
  });
  test('an error body', () => expect(kibanaAvailable({})).toBe('Kibana status is unknown'));
});

describe('3. canary share', () => {
  const bounds = { min: 0.1, max: 0.3 };
  const lines = (canary: number, total: number, status = '200') =>
    Array.from({ length: total }, (_, i) => `${status} ${i < canary ? '2.0.0' : '1.0.0'}`).join('\n');
  test('40 of 200 (20 %) is within 10-30 %', () => expect(canaryShare(lines(40, 200), '2.0.0', bounds)).toBeUndefined());
  test('the bounds are inclusive', () => {
    expect(canaryShare(lines(20, 200), '2.0.0', bounds)).toBeUndefined();
    expect(canaryShare(lines(60, 200), '2.0.0', bounds)).toBeUndefined();
  });
  test('too few on the canary', () => {
    expect(canaryShare(lines(10, 200), '2.0.0', bounds)).toBe('10 of 200 requests (5 %) reached the canary 2.0.0; expected 10 % to 30 %');
  });
  test('everything on the canary (weight ignored)', () => expect(canaryShare(lines(200, 200), '2.0.0', bounds)).toMatch(/^200 of 200 requests \(100 %\)/));
  test('a request that did not answer 200 fails, whatever the split', () => {
    expect(canaryShare(`${lines(40, 199)}\n503 none`, '2.0.0', bounds)).toBe('1 of 200 requests did not answer 200 (e.g. 503)');
  });
  test('nothing recorded', () => expect(canaryShare('\n', '2.0.0', bounds)).toBe('no requests recorded'));
});

describe('4. Jenkins pipeline', () => {
  test('a finished successful build', () => expect(jenkinsBuildSucceeded(json('jenkins-build-success.json'))).toBeUndefined());
  test('still running', () => expect(jenkinsBuildSucceeded(json('jenkins-build-running.json'))).toBe('the build is still running'));
  test('failed', () => expect(jenkinsBuildSucceeded(json('jenkins-build-failure.json'))).toBe('the build finished with FAILURE'));
  test('the console has the output line, not just the echoed command', () => {
    expect(consoleHasLine(recorded('jenkins-console.txt'), 'ok')).toBeUndefined();
    const withoutOutput = recorded('jenkins-console.txt').replace(/^ok$/m, 'sh: 1: echo: not found');
    expect(consoleHasLine(withoutOutput, 'ok')).toBe('the console output has no line "ok"');
  });
  test('agent pods are gone', () => {
    expect(noPodsLeft(json('pods-ci-agents-empty.json'))).toBeUndefined();
    expect(noPodsLeft(json('pods-ci-agents-left.json'))).toBe('1 pod(s) left: default-k1x7q');
  });
});

describe('6. a second apply is a no-op', () => {
  test('kubectl diff exit 0: nothing would change', () => expect(applyIsNoOp(0, '')).toBeUndefined());
  test('kubectl diff exit 1: names the objects', () => {
    expect(applyIsNoOp(1, recorded('kubectl-diff-changed.txt'))).toBe('a second apply would change 1 object(s): apps.v1.Deployment.apps.hello-world');
  });
  test('kubectl diff exit above 1 is an error, not a difference', () => expect(applyIsNoOp(2, 'error: ...')).toBe('kubectl diff failed (exit 2)'));
  test('the prune dry run lists what it would delete', () => {
    expect(prunedObjects(recorded('apply-prune-dry-run-prunes.txt'))).toEqual(['deployment.apps/hello-world-stable', 'resourcequota/team-b']);
    expect(nothingPruned(recorded('apply-prune-dry-run-prunes.txt'))).toBe('a second apply would prune 2 object(s): deployment.apps/hello-world-stable, resourcequota/team-b');
  });
  test('a prune dry run that deletes nothing', () => expect(nothingPruned(recorded('apply-prune-dry-run-quiet.txt'))).toBeUndefined());
});

describe('what the run waits for', () => {
  const workloads = renderedWorkloads(join(__dirname, '..', '..', 'dist', 'dev'));
  test('every Deployment, StatefulSet, DaemonSet and Job of dist/dev, none twice', () => {
    expect(workloads).toEqual(expect.arrayContaining(['logging statefulset elasticsearch', 'logging deployment kibana', 'ci statefulset jenkins']));
    expect(workloads.some((line) => /^logging-agents daemonset /.test(line))).toBe(true);
    expect(workloads.some((line) => /^logging job elasticsearch-setup-[0-9a-f]{8}$/.test(line))).toBe(true);
    expect(new Set(workloads).size).toBe(workloads.length);
  });
  test('not the bootstrap folder, not CronJobs', () => {
    expect(workloads.every((line) => /^\S+ (deployment|statefulset|daemonset|job) \S+$/.test(line))).toBe(true);
  });
});

describe('e2e check CLI', () => {
  const run = (args: string[], input: string) => {
    let err = '';
    let out = '';
    const code = runE2eCli(args, () => input, (t) => { err += t; }, (t) => { out += t; });
    return { code, err, out };
  };
  test('exit 0 when the check holds, 1 with the message when not', () => {
    expect(run(['kibana'], recorded('kibana-status-available.json')).code).toBe(0);
    expect(run(['kibana'], recorded('kibana-status-degraded.json'))).toEqual({ code: 1, err: 'Kibana status is degraded: 1 service is degraded: savedObjects\n', out: '' });
  });
  test('a body that is not JSON (an HTML error page) fails the check, it does not crash', () => {
    expect(run(['marker', MARKER, 'team-a', 'e2e-marker'], '<html>502 Bad Gateway</html>').err).toMatch(/^could not read the input: /);
  });
  test('an unknown check is a usage error', () => expect(run(['nope'], '').code).toBe(2));
  test('every check e2e/steps.sh calls exists', () => {
    const steps = readFileSync(join(__dirname, '..', '..', 'e2e', 'steps.sh'), 'utf8');
    const called = [...new Set([...steps.matchAll(/\bcheck ([a-z-]+)/g)].map((m) => m[1]))];
    expect(called.length).toBeGreaterThanOrEqual(9);
    expect(E2E_CHECK_NAMES).toEqual(expect.arrayContaining(called));
  });
});
