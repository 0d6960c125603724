/**
 * The pull-request side of `npm run diff`: whether the check passes, and the sticky comment that carries
 * the report. Used by `.github/workflows/pr-diff.yml` (the check, read-only token) and
 * `.github/workflows/pr-comment.yml` (the comment, write token, never runs pull-request code).
 */

/** Hidden first line of the comment: how the comment job finds its own comment to update. */
export const COMMENT_MARKER = '<!-- k8s-platform:rendered-diff -->';

/** The label a maintainer adds to accept changes the API server refuses or that lose data. */
export const ALLOW_RISKY_LABEL = 'allow-risky-change';

/**
 * GitHub's limit on a comment body (the REST API answers 422 "body is too long (maximum is 65536
 * characters)"). The report is summarised below it, with room for the banner and the link.
 */
export const COMMENT_LIMIT = 65536;

/** Exit codes of `npm run diff -- <base> --fail-on-risk` (lib/review/diff-cli.ts). */
export const DIFF_EXIT = { ok: 0, risky: 1, error: 2, staleDist: 3 } as const;

/** The outcome of the diff on one pull request. */
export interface DiffVerdict {
  /** Whether the pull-request check fails. */
  readonly fail: boolean;
  /** One Markdown paragraph for the top of the comment and the check's log; empty when all is well. */
  readonly banner: string;
}

/** Whether the check fails, and why, from the diff's exit code and the pull request's labels. */
export function diffVerdict(exitCode: number, labels: readonly string[]): DiffVerdict {
  switch (exitCode) {
    case DIFF_EXIT.ok:
      return { fail: false, banner: '' };
    case DIFF_EXIT.risky:
      return labels.includes(ALLOW_RISKY_LABEL)
        ? { fail: false, banner: `> ⚠️ **Needs care, accepted**: this change is refused by the API server or deletes data (see *Needs care*). The label \`${ALLOW_RISKY_LABEL}\` lets the check pass.` }
        : { fail: true, banner: `> ⛔ **Needs care**: this change is refused by the API server or deletes data (see *Needs care*). The check fails until a maintainer who has read the list adds the label \`${ALLOW_RISKY_LABEL}\`.` };
    case DIFF_EXIT.staleDist:
      return { fail: true, banner: '> ⛔ **dist/ is stale**: it does not match the sources. Run `npm run synth`, commit `dist/` and push.' };
    default:
      return { fail: true, banner: `> ⛔ **The diff failed** (exit ${exitCode}): read the log of the \`diff\` job.` };
  }
}

/** What the comment is built from. */
export interface CommentInput {
  /** The Markdown report printed by `npm run diff` (may be empty when the diff failed). */
  readonly report: string;
  /** The diff's exit code. */
  readonly exitCode: number;
  /** The pull request's labels. */
  readonly labels: readonly string[];
  /** Where the full report can be downloaded (the run's artifacts). */
  readonly fullReportUrl: string;
  /** Maximum body length. Default: {@link COMMENT_LIMIT}. */
  readonly limit?: number;
}

/**
 * The report's head: title, *Needs care* and *Summary*, without the per-environment details (the first
 * `### ` heading after the summary table).
 */
function reportHead(report: string): string {
  const lines = report.split('\n');
  const summary = lines.indexOf('### Summary');
  if (summary < 0) return report;
  const details = lines.findIndex((line, index) => index > summary && line.startsWith('### '));
  return (details < 0 ? lines : lines.slice(0, details)).join('\n').trimEnd();
}

/** Whole lines of `text` that fit in `budget` characters, and a note of how many were left out. */
function fitLines(text: string, budget: number): string {
  if (text.length <= budget) return text;
  const lines = text.split('\n');
  const kept: string[] = [];
  let used = 0;
  const noteRoom = 80;
  for (const line of lines) {
    if (used + line.length + 1 > budget - noteRoom) break;
    kept.push(line);
    used += line.length + 1;
  }
  return [...kept, '', `*… ${lines.length - kept.length} more lines in the full report.*`].join('\n');
}

/**
 * The sticky comment's body: the marker, the verdict's banner, then the report. A report too long
 * for a comment is cut to its head (needs care and summary), with a link to the full report.
 */
export function commentBody(input: CommentInput): string {
  const limit = input.limit ?? COMMENT_LIMIT;
  const { banner } = diffVerdict(input.exitCode, input.labels);
  const top = [COMMENT_MARKER, ...(banner ? [banner, ''] : [])].join('\n');
  const report = input.report.trim() === '' ? '*No report: the diff printed nothing.*' : input.report.trimEnd();
  const full = `${top}\n${report}\n`;
  if (full.length <= limit) return full;
  const link = `\n\n**The full report is longer than a comment allows**: only what needs care and the summary are shown. [Download the full report](${input.fullReportUrl}) (artifact \`rendered-diff\`).\n`;
  return `${top}\n${fitLines(reportHead(report), limit - top.length - link.length - 1)}${link}`;
}
