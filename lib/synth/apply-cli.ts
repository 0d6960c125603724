/**
 * `npm run apply -- <env> [--dry-run]`: the steps of docs/apply.md for one environment, each with
 * `--context <cluster.context>`, after checking that kubectl's current context is that environment's cluster
 * (so a prod render is never applied to the test cluster by a context switched elsewhere). `--dry-run` stops after
 * the server-side dry run that lists what prune would delete.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { APPLYSET_PARENT, applySetFlag } from './applyset';
import { BOOTSTRAP_DIR } from './bootstrap-dir';
import { APPLYSET_CRD_FILE } from './prune-layout';
import { environments } from '../config/environments';
import { ConfigError, parseEnvironments } from '../config/validate';

const USAGE = 'Usage: npm run apply -- <env> [--dry-run]';

function kubectl(args: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  console.log(`$ kubectl ${args.join(' ')}`);
  return spawnSync('kubectl', args, { stdio: 'inherit', env }).status ?? 1;
}

function main(args: readonly string[]): number {
  const name = args.find(a => !a.startsWith('--'));
  if (!name || args.some(a => a.startsWith('--') && a !== '--dry-run')) {
    console.error(USAGE);
    return 2;
  }
  const config = parseEnvironments(environments).find(c => c.name === name);
  if (!config) {
    console.error(`unknown environment "${name}"; expected one of ${Object.keys(environments).join(', ')}`);
    return 2;
  }
  const context = config.cluster.context;
  const current = spawnSync('kubectl', ['config', 'current-context'], { encoding: 'utf8' });
  if (current.status !== 0) {
    console.error(`kubectl config current-context failed: ${current.stderr.trim()}`);
    return 2;
  }
  if (current.stdout.trim() !== context) {
    console.error(`Refused: the current context is "${current.stdout.trim()}", but ${name} is applied to "${context}" (cluster.context in lib/config/environments/${name}.ts). Run \`kubectl config use-context ${context}\` first.`);
    return 1;
  }
  const dir = path.join('dist', name);
  const applyset = { ...process.env, KUBECTL_APPLYSET: 'true' };
  const prune = ['--context', context, 'apply', '--server-side', '--prune', `--applyset=${applySetFlag(name)}`, '-f', `${dir}/`];
  const steps: (() => number)[] = [
    () => kubectl(['--context', context, 'apply', '-f', path.join(dir, APPLYSET_CRD_FILE)]),
    () => kubectl(['--context', context, 'wait', '--for=condition=Established', '--timeout=60s', `crd/${APPLYSET_PARENT.plural}.${APPLYSET_PARENT.group}`]),
    () => kubectl(['--context', context, 'apply', '-f', `${path.join(dir, BOOTSTRAP_DIR)}/`]),
    () => kubectl([...prune, '--dry-run=server'], applyset),
    ...(args.includes('--dry-run') ? [] : [() => kubectl(prune, applyset)]),
  ];
  for (const step of steps) {
    const status = step();
    if (status !== 0) return status;
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
