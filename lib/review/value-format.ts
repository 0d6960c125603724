import { structuredPatch } from 'diff';
import { writeYaml } from '../core/write-yaml';

/** Values longer than this (or spanning lines) are shown as a unified diff rather than inline. */
const INLINE_LIMIT = 80;

/** The parsed document when a string holds a JSON object or array (e.g. ConfigMap `secrets.json`). */
function jsonDocument(value: unknown): object | undefined {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** Text of a value as a reviewer reads it: strings verbatim (JSON documents pretty-printed), structures as YAML. */
function asText(value: unknown): string {
  if (value === undefined) return '';
  const json = jsonDocument(value);
  if (json) return `${JSON.stringify(json, null, 2)}\n`;
  if (typeof value === 'string') return value.endsWith('\n') ? value : `${value}\n`;
  return writeYaml(value);
}

/** JSON keeps strings and numbers apart (`"1"` vs `1`). */
function inlineText(value: unknown): string {
  return JSON.stringify(value);
}

/** True when a value is shown as a unified diff rather than inline. */
export function isLongValue(value: unknown): boolean {
  if (value === undefined) return false;
  const text = inlineText(value);
  return text.length > INLINE_LIMIT || (typeof value === 'string' && value.includes('\n')) || jsonDocument(value) !== undefined;
}

/** A Markdown code span that survives backticks inside the value. */
export function codeSpan(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A short value for a Markdown line: code span, or `(absent)` for a missing field. */
export function inlineValue(value: unknown): string {
  return value === undefined ? '_(absent)_' : codeSpan(inlineText(value));
}

/** Compact unified diff (2 lines of context, no file headers) between two values, as a fenced Markdown `diff` block. */
export function unifiedDiffBlock(before: unknown, after: unknown): string {
  const patch = structuredPatch('base', 'head', asText(before), asText(after), undefined, undefined, { context: 2 });
  const lines = patch.hunks.flatMap((hunk) => [
    `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`,
    ...hunk.lines,
  ]);
  const longestRun = Math.max(2, ...lines.join('\n').match(/`+/g)?.map((run) => run.length) ?? []);
  const fence = '`'.repeat(longestRun + 1);
  return [`${fence}diff`, ...lines, fence].join('\n');
}
