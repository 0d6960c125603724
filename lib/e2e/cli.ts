import { readFileSync } from 'node:fs';
import {
  applyIsNoOp, canaryShare, CheckResult, consoleHasLine, jenkinsBuildSucceeded, kibanaAvailable, markerIndexed, noPodsLeft, nothingPruned, renderedTlsSecrets, renderedWorkloads,
} from './checks';

/** Each check reads what it judges from standard input; arguments are its parameters. */
const CHECKS: Record<string, { readonly usage: string; readonly run: (input: string, args: readonly string[]) => CheckResult }> = {
  'marker': { usage: 'marker <marker> <namespace> <pod>  < _search response', run: (input, [marker, ns, pod]) => markerIndexed(JSON.parse(input), marker, ns, pod) },
  'kibana': { usage: 'kibana  < /api/status response', run: (input) => kibanaAvailable(JSON.parse(input)) },
  'canary': { usage: 'canary <version> <min share> <max share>  < "<status> <version>" lines', run: (input, [version, min, max]) => canaryShare(input, version, { min: Number(min), max: Number(max) }) },
  'no-op': { usage: 'no-op <kubectl diff exit code>  < kubectl diff output', run: (input, [code]) => applyIsNoOp(Number(code), input) },
  'no-prune': { usage: 'no-prune  < kubectl apply --prune output', run: (input) => nothingPruned(input) },
  'jenkins-build': { usage: 'jenkins-build  < /job/<name>/<n>/api/json', run: (input) => jenkinsBuildSucceeded(JSON.parse(input)) },
  'console-line': { usage: 'console-line <line>  < consoleText', run: (input, [line]) => consoleHasLine(input, line) },
  'no-pods': { usage: 'no-pods  < kubectl get pods -o json', run: (input) => noPodsLeft(JSON.parse(input)) },
};

/** The names e2e/steps.sh may pass to `check`. */
export const E2E_CHECK_NAMES: readonly string[] = ['workloads', 'tls-secrets', ...Object.keys(CHECKS)];

/** Lists read from a render folder rather than judged from standard input. */
const LISTS: Record<string, (envDir: string) => string[]> = { 'workloads': renderedWorkloads, 'tls-secrets': renderedTlsSecrets };

/** Runs one check; returns the exit code (0 holds, 1 fails, 2 usage). */
export function runE2eCli(argv: readonly string[], input: () => string, err: (text: string) => void, out: (text: string) => void): number {
  const [name, ...args] = argv;
  const list = LISTS[name ?? ''];
  if (list && args.length === 1) {
    out(list(args[0]).map((line) => `${line}\n`).join(''));
    return 0;
  }
  const check = CHECKS[name ?? ''];
  if (!check) {
    err(`usage: e2e check\n${[...Object.keys(LISTS).map((l) => `${l} <env dir>`), ...Object.values(CHECKS).map((c) => c.usage)].map((u) => `  ${u}`).join('\n')}\n`);
    return 2;
  }
  let result: CheckResult;
  try {
    result = check.run(input(), args);
  } catch (error) {
    result = `could not read the input: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (result !== undefined) err(`${result}\n`);
  return result === undefined ? 0 : 1;
}

if (require.main === module) {
  process.exitCode = runE2eCli(process.argv.slice(2), () => readFileSync(0, 'utf8'), (t) => process.stderr.write(t), (t) => process.stdout.write(t));
}
