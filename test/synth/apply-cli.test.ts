import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderEnvironment } from '../support/render';
import { npmRun } from '../support/npm-run';


/** Runs `npm run apply` with a fake kubectl that reports `current` as the current context and logs every call. */
function apply(args: string[], current: string) {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'apply-'));
  const log = path.join(bin, 'calls');
  fs.writeFileSync(path.join(bin, 'kubectl'), `#!/bin/sh\necho "KUBECTL_APPLYSET=$KUBECTL_APPLYSET $*" >> "${log}"\n[ "$1 $2" = "config current-context" ] && echo "${current}"\nexit 0\n`, { mode: 0o755 });
  try {
    const result = npmRun('apply', args, { ...process.env, PATH: `${bin}:${process.env.PATH}` });
    const calls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
    return { ...result, calls };
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
  }
}

describe('npm run apply', () => {
  const context = renderEnvironment('test').config.cluster.context;

  test('refuses when the current context is not the environment\'s cluster, and applies nothing', () => {
    const result = apply(['test'], 'prod-admin');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`the current context is "prod-admin", but test is applied to "${context}"`);
    expect(result.calls).toEqual(['KUBECTL_APPLYSET= config current-context']);
  });

  test('runs the steps of docs/apply.md with --context; --dry-run stops at the server dry run', () => {
    const result = apply(['test', '--dry-run'], context);
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([
      'KUBECTL_APPLYSET= config current-context',
      `KUBECTL_APPLYSET= --context ${context} apply -f dist/test/bootstrap/0000-applyset-crd.k8s.yaml`,
      `KUBECTL_APPLYSET= --context ${context} wait --for=condition=Established --timeout=60s crd/applysets.platform.internal`,
      `KUBECTL_APPLYSET= --context ${context} apply -f dist/test/bootstrap/`,
      `KUBECTL_APPLYSET=true --context ${context} apply --server-side --prune --applyset=applysets.platform.internal/test -f dist/test/ --dry-run=server`,
    ]);
    expect(apply(['test'], context).calls.at(-1)).toBe(`KUBECTL_APPLYSET=true --context ${context} apply --server-side --prune --applyset=applysets.platform.internal/test -f dist/test/`);
  });

  test('usage errors exit 2', () => {
    expect(apply([], context).status).toBe(2);
    expect(apply(['nope'], context).status).toBe(2);
  });
});
