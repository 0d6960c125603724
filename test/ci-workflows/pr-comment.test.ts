import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALLOW_RISKY_LABEL, COMMENT_LIMIT, COMMENT_MARKER, commentBody, diffVerdict } from '../../lib/review/pr-comment';
import { runPrCommentCli } from '../../lib/review/pr-comment-cli';

const URL = 'https://github.com/o/r/actions/runs/1#artifacts';

/** A report in the shape renderDiffReport prints, with `rows` changed-object lines in the dev details. */
function report(rows: number): string {
  return [
    '## Rendered manifests: origin/main → working tree dist/',
    '',
    '### Needs care',
    '',
    '| Severity | Environment | Object | Field | Why |',
    '|---|---|---|---|---|',
    '| ⛔ refused | dev | `StatefulSet logging/elasticsearch` | spec.volumeClaimTemplates | immutable |',
    '',
    '### Summary',
    '',
    '| Environment | Added | Removed | Changed | Unchanged | Needs care |',
    '|---|---|---|---|---|---|',
    `| dev | 0 | 0 | ${rows} | 3 | 1 |`,
    '',
    '### dev',
    '',
    `#### Changed (${rows})`,
    '',
    ...Array.from({ length: rows }, (_, i) => `- \`data["line-${i}"]\`: "${'x'.repeat(60)}" → "${'y'.repeat(60)}"`),
    '',
  ].join('\n');
}

describe('diffVerdict', () => {
  test('a clean diff passes without a banner', () => {
    expect(diffVerdict(0, [])).toEqual({ fail: false, banner: '' });
  });
  test('a change that needs care fails without the label, and the banner names the label', () => {
    const verdict = diffVerdict(1, ['documentation']);
    expect(verdict.fail).toBe(true);
    expect(verdict.banner).toContain(`\`${ALLOW_RISKY_LABEL}\``);
  });
  test('the label lets a change that needs care pass, still flagged', () => {
    const verdict = diffVerdict(1, [ALLOW_RISKY_LABEL]);
    expect(verdict.fail).toBe(false);
    expect(verdict.banner).toMatch(/^> ⚠️ \*\*Needs care, accepted\*\*/);
  });
  test('a stale dist/ fails whatever the labels, with the fix', () => {
    expect(diffVerdict(3, [ALLOW_RISKY_LABEL])).toEqual({ fail: true, banner: expect.stringContaining('Run `npm run synth`') });
  });
  test('a failed diff fails', () => {
    expect(diffVerdict(2, [])).toEqual({ fail: true, banner: expect.stringContaining('exit 2') });
  });
});

describe('commentBody', () => {
  test('starts with the marker the comment job looks for, then the banner, then the whole report', () => {
    const body = commentBody({ report: report(3), exitCode: 1, labels: [], fullReportUrl: URL });
    const lines = body.split('\n');
    expect(lines[0]).toBe(COMMENT_MARKER);
    expect(lines[1]).toMatch(/^> ⛔ \*\*Needs care\*\*/);
    expect(body).toContain('- `data["line-2"]`');
    expect(body).not.toContain(URL);
  });
  test('a clean diff has no banner', () => {
    const body = commentBody({ report: report(1), exitCode: 0, labels: [], fullReportUrl: URL });
    expect(body.split('\n')[1]).toBe('## Rendered manifests: origin/main → working tree dist/');
  });
  test('an empty report says so', () => {
    expect(commentBody({ report: '', exitCode: 2, labels: [], fullReportUrl: URL })).toContain('*No report: the diff printed nothing.*');
  });
  test('a report over the limit keeps needs care and summary, drops the details, and links the artifact', () => {
    const long = report(1000);
    expect(long.length).toBeGreaterThan(COMMENT_LIMIT);
    const body = commentBody({ report: long, exitCode: 1, labels: [], fullReportUrl: URL });
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toContain('`StatefulSet logging/elasticsearch`');
    expect(body).toContain('| dev | 0 | 0 | 1000 | 3 | 1 |');
    expect(body).not.toContain('#### Changed');
    expect(body).toContain(`[Download the full report](${URL})`);
  });
  test('a head that alone exceeds the limit is cut at a line, with the count of lines left out', () => {
    const body = commentBody({ report: report(5), exitCode: 0, labels: [], fullReportUrl: URL, limit: 600 });
    expect(body.length).toBeLessThanOrEqual(600);
    expect(body).toMatch(/\*… \d+ more lines in the full report\.\*/);
    expect(body).toContain(URL);
  });
});

describe('pr-comment CLI', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'pr-comment-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('check exits 1 on a risky change without the label and 0 with it', () => {
    const log: string[] = [];
    expect(runPrCommentCli(['check', '--exit-code', '1', '--labels', '[]'], (t) => log.push(t))).toBe(1);
    expect(log.join('')).toContain(ALLOW_RISKY_LABEL);
    expect(runPrCommentCli(['check', '--exit-code', '1', '--labels', JSON.stringify([ALLOW_RISKY_LABEL])], () => undefined)).toBe(0);
  });
  test('comment writes the body file', () => {
    writeFileSync(join(dir, 'report.md'), report(2));
    const out = join(dir, 'comment.md');
    expect(runPrCommentCli(['comment', '--exit-code', '0', '--labels', '[]', '--report', join(dir, 'report.md'), '--url', URL, '--out', out], () => undefined)).toBe(0);
    expect(readFileSync(out, 'utf8').startsWith(`${COMMENT_MARKER}\n## Rendered manifests`)).toBe(true);
  });
  test('untrusted input is refused: a non-numeric exit code, labels that are not a JSON array of strings', () => {
    const log: string[] = [];
    expect(runPrCommentCli(['check', '--exit-code', '1; rm -rf /', '--labels', '[]'], (t) => log.push(t))).toBe(2);
    expect(runPrCommentCli(['check', '--exit-code', '0', '--labels', '{"a":1}'], (t) => log.push(t))).toBe(2);
    expect(log.join('')).toContain('--labels: expected a JSON array of strings');
  });
});
