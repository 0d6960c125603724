import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadRenderFolder, loadRenderFromGit, mergeBase, Render } from './render';
import { diffRenders } from './render-diff';
import { renderDiffReport } from './report';

const USAGE = `Usage: npm run diff -- [base] [--fail-on-risk]

Compares the rendered manifests of base with the working tree's dist/, per environment, and prints a Markdown report.
  base            a git ref (default: the merge base of HEAD with main) or a folder holding <env>/ sub-folders
  --fail-on-risk  exit 1 when a change is refused by the API server or unsafe (data loss)
Exit codes: 0 report printed (differences or not), 1 risky change with --fail-on-risk, 2 usage or input error.`;

/** The branch reviews are made against. */
const MAIN_BRANCH = 'main';

/** Where the CLI runs and writes; defaults are the process's own. */
export interface DiffCliContext {
  /** Repository folder holding `dist/`. Default: the process working directory. */
  readonly cwd?: string;
  /** Sink for the report. Default: standard output. */
  readonly out?: (text: string) => void;
  /** Sink for errors and usage. Default: standard error. */
  readonly err?: (text: string) => void;
}

function loadBase(base: string | undefined, cwd: string): { render: Render; label: string } {
  if (base !== undefined && existsSync(join(cwd, base)) && statSync(join(cwd, base)).isDirectory()) {
    return { render: loadRenderFolder(join(cwd, base)), label: `folder ${base}` };
  }
  const ref = base ?? mergeBase(MAIN_BRANCH, cwd);
  const label = base === undefined ? `${MAIN_BRANCH} (merge base ${ref.slice(0, 12)})` : ref;
  return { render: loadRenderFromGit(ref, { cwd, dir: 'dist' }), label };
}

/** Runs `npm run diff`; returns the exit code. */
export function runDiffCli(args: readonly string[], context: DiffCliContext = {}): number {
  const cwd = context.cwd ?? process.cwd();
  const out = context.out ?? ((text: string) => process.stdout.write(text));
  const err = context.err ?? ((text: string) => process.stderr.write(text));
  const failOnRisk = args.includes('--fail-on-risk');
  const positional = args.filter((arg) => arg !== '--fail-on-risk');
  if (args.includes('--help') || args.includes('-h')) {
    out(`${USAGE}\n`);
    return 0;
  }
  if (positional.length > 1 || positional.some((arg) => arg.startsWith('-'))) {
    err(`${USAGE}\n`);
    return 2;
  }
  try {
    const base = loadBase(positional[0], cwd);
    const diffs = diffRenders(base.render, loadRenderFolder(join(cwd, 'dist')));
    out(`${renderDiffReport(diffs, { base: base.label, head: 'working tree dist/' })}\n`);
    return failOnRisk && diffs.some((env) => env.risks.length > 0) ? 1 : 0;
  } catch (error) {
    err(`diff: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

if (require.main === module) {
  process.exitCode = runDiffCli(process.argv.slice(2));
}
