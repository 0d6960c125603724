/**
 * `npm run preflight -- <env> [--context NAME]`: reads the target cluster with kubectl (get and
 * version only) and reports every prerequisite of that environment's render as ok, missing, unknown
 * or unverified. Exit codes: 0 all present, 1 something missing, 3 something could not be read, 2 usage or an unreachable cluster.
 */
import { environments } from '../config/environments';
import { EnvironmentConfig } from '../config/schema';
import { parseEnvironment } from '../config/validate';
import { RenderedObject } from './finding';
import { Kube, KubectlRunner, kubectlRunner } from './kubectl';
import { exitCode, runChecks } from './preflight';
import { renderObjects } from './render';
import { formatReport } from './report';

const USAGE = `Usage: npm run preflight -- <env> [--context NAME]

Checks, read-only, that the cluster has what the render of <env> needs (kubectl get/version only).
  <env>            ${Object.keys(environments).join(' | ')}
  --context NAME   kubeconfig context (default: the current context)
Exit codes: 0 all present, 1 something required is missing, 3 nothing missing but something could not be read, 2 usage error or unreachable cluster.`;

/** Where the CLI reads and writes; defaults are the process's own. */
export interface PreflightCliContext {
  /** Runs kubectl. Default: `kubectl` from PATH. */
  readonly runner?: KubectlRunner;
  /** Renders a validated environment. Default: renderObjects (in memory, as synth does). */
  readonly render?: (config: EnvironmentConfig) => RenderedObject[];
  /** Sink for the report. Default: standard output. */
  readonly out?: (text: string) => void;
  /** Sink for errors and usage. Default: standard error. */
  readonly err?: (text: string) => void;
}

function parseArgs(args: readonly string[]): { env: string; context?: string } | undefined {
  const rest = [...args];
  let context: string | undefined;
  const at = rest.indexOf('--context');
  if (at >= 0) {
    context = rest[at + 1];
    if (!context || context.startsWith('-')) return undefined;
    rest.splice(at, 2);
  }
  const withEquals = rest.findIndex(a => a.startsWith('--context='));
  if (withEquals >= 0) context = rest.splice(withEquals, 1)[0].slice('--context='.length);
  return rest.length === 1 && !rest[0].startsWith('-') ? { env: rest[0], context } : undefined;
}

/** Runs `npm run preflight`; returns the exit code. */
export function runPreflightCli(args: readonly string[], cli: PreflightCliContext = {}): number {
  const out = cli.out ?? ((text: string) => process.stdout.write(text));
  const err = cli.err ?? ((text: string) => process.stderr.write(text));
  if (args.includes('--help') || args.includes('-h')) {
    out(`${USAGE}\n`);
    return 0;
  }
  const parsed = parseArgs(args);
  if (!parsed || !(parsed.env in environments)) {
    err(`${parsed ? `unknown environment "${parsed.env}"\n` : ''}${USAGE}\n`);
    return 2;
  }
  try {
    const config = parseEnvironment(environments[parsed.env], parsed.env);
    const kube = new Kube(cli.runner ?? kubectlRunner(), parsed.context);
    // Every identity may read /version: when that fails, the cluster is unreachable, and each check would only say so again.
    const version = kube.version();
    if (version.kind === 'unknown' && !version.forbidden) {
      err(`preflight: cannot read the cluster${parsed.context ? ` (context ${parsed.context})` : ''}: ${version.reason}\n`);
      return 2;
    }
    const findings = runChecks({ config, objects: (cli.render ?? renderObjects)(config), kube });
    out(`${formatReport(parsed.env, findings)}\n`);
    return exitCode(findings);
  } catch (error) {
    err(`preflight: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

if (require.main === module) process.exitCode = runPreflightCli(process.argv.slice(2));
