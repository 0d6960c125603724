import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { commentBody, diffVerdict } from './pr-comment';

const USAGE = `Usage:
  pr-comment-cli check   --exit-code <n> --labels <json array>
      prints the verdict; exits 1 when the pull-request check fails
  pr-comment-cli comment --exit-code <n> --labels <json array> --report <file> --url <full report url> --out <file>
      writes the sticky comment's body`;

/** Inputs come from a pull request's artifact: untrusted, so checked before use. */
const args = z.object({
  'exit-code': z.coerce.number().int().min(0).max(255),
  labels: z.string().transform((text, ctx) => {
    try {
      return z.array(z.string()).parse(JSON.parse(text));
    } catch {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'expected a JSON array of strings' });
      return z.NEVER;
    }
  }),
  report: z.string().optional(),
  url: z.string().url().optional(),
  out: z.string().optional(),
});

function parseFlags(argv: readonly string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) throw new Error(`unexpected argument ${argv[i]}`);
    flags[argv[i].slice(2)] = argv[i + 1];
  }
  return flags;
}

/** Runs the CLI; returns the exit code. */
export function runPrCommentCli(argv: readonly string[], log: (text: string) => void = (t) => process.stderr.write(t)): number {
  const [command, ...rest] = argv;
  let parsed: z.infer<typeof args>;
  try {
    parsed = args.parse(parseFlags(rest));
  } catch (error) {
    log(`pr-comment: ${error instanceof z.ZodError ? error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ') : String(error)}\n${USAGE}\n`);
    return 2;
  }
  const verdict = diffVerdict(parsed['exit-code'], parsed.labels);
  if (command === 'check') {
    log(verdict.banner ? `${verdict.banner.replace(/^> /, '')}\n` : 'diff: nothing needs care\n');
    return verdict.fail ? 1 : 0;
  }
  if (command === 'comment' && parsed.report && parsed.url && parsed.out) {
    const report = readFileSync(parsed.report, 'utf8');
    writeFileSync(parsed.out, commentBody({ report, exitCode: parsed['exit-code'], labels: parsed.labels, fullReportUrl: parsed.url }));
    return 0;
  }
  log(`${USAGE}\n`);
  return 2;
}

if (require.main === module) {
  process.exitCode = runPrCommentCli(process.argv.slice(2));
}
