import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultBase, loadRenderFolder, loadRenderFromGit, Render } from './render';
import { diffRenders } from './render-diff';
import { renderDiffReport } from './report';
import { distDrift } from '../synth/freshness';

const USAGE = `Usage: npm run diff -- [base] [--fail-on-risk]

Compares the rendered manifests of base with the working tree's dist/, per environment, and prints a Markdown report.
  base            a git ref (default: the merge base of HEAD with main, else origin/main, else the upstream)
                  or a folder holding <env>/ sub-folders (relative or absolute)
  --fail-on-risk  exit 1 when a change is refused by the API server or unsafe (data loss)
The sources are rendered in memory first: when dist/ differs from that render, the report says so at the top.
Exit codes: 0 report printed (differences or not), 1 risky change with --fail-on-risk, 2 usage or input error,
3 dist/ is stale (run npm run synth): the report compares a render the sources no longer produce.`;

/** Exit code when `dist/` does not match the sources. */
const STALE_DIST = 3;

/** Where the CLI runs and writes; defaults are the process's own. */
export interface DiffCliContext {
  /** Repository folder holding `dist/`. Default: the process working directory. */
  readonly cwd?: string;
  /** Sink for the report. Default: standard output. */
  readonly out?: (text: string) => void;
  /** Sink for errors and usage. Default: standard error. */
  readonly err?: (text: string) => void;
  /**
   * How the render folder differs from a fresh render of the sources, one line per file.
   * Default: renders this checkout's environments in memory (see lib/synth/freshness).
   */
  readonly drift?: (distDir: string) => readonly string[];
}

function loadBase(base: string | undefined, cwd: string): { render: Render; label: string } {
  // resolve, not join: an absolute folder stays itself.
  if (base !== undefined && existsSync(resolve(cwd, base)) && statSync(resolve(cwd, base)).isDirectory()) {
    return { render: loadRenderFolder(resolve(cwd, base)), label: `folder ${base}` };
  }
  if (base !== undefined) return { render: loadRenderFromGit(base, { cwd, dir: 'dist' }), label: base };
  const found = defaultBase(cwd);
  return { render: loadRenderFromGit(found.commit, { cwd, dir: 'dist' }), label: `${found.branch} (merge base ${found.commit.slice(0, 12)})` };
}

/** The loud first lines of a report on a stale dist/. */
function staleWarning(problems: readonly string[]): string {
  return [
    `> ⛔ **dist/ is stale: it does not match a fresh render of the sources** (${problems.length} file(s)). This report compares`,
    '> the committed dist/, not what the sources render now. Run `npm run synth` and diff again.',
    '>',
    ...problems.map((line) => `> - \`${line}\``),
    '',
    '',
  ].join('\n');
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
    const distDir = join(cwd, 'dist');
    const stale = (context.drift ?? ((dir: string) => distDrift(dir).problems))(distDir);
    const diffs = diffRenders(base.render, loadRenderFolder(distDir));
    const warning = stale.length > 0 ? staleWarning(stale) : '';
    out(`${warning}${renderDiffReport(diffs, { base: base.label, head: 'working tree dist/' })}\n`);
    if (stale.length > 0) {
      err(`diff: dist/ is stale against the sources (${stale.length} file(s)): run npm run synth\n`);
      return STALE_DIST;
    }
    return failOnRisk && diffs.some((env) => env.risks.length > 0) ? 1 : 0;
  } catch (error) {
    err(`diff: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

if (require.main === module) {
  process.exitCode = runDiffCli(process.argv.slice(2));
}
