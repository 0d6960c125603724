import { dump } from 'js-yaml';

/**
 * The one YAML writer: manifests (lib/synth/render-charts) and every config embedded in them (Prometheus,
 * Alertmanager, rule files, Grafana provisioning, JCasC, agent pods, Kibana and Elasticsearch settings).
 * Its output is exactly js-yaml 4's `dump` with the options below:
 * - it quotes every string a YAML 1.1 reader would take for something else (`"off"`, `"yes"`, `"0123"`): kubectl
 *   (gopkg.in/yaml.v2), Jenkins (SnakeYAML) and Prometheus read YAML 1.1, so a string stays a string;
 * - lines are never folded and multi-line strings are literal blocks (`|`), so scripts, PromQL and pod YAML read
 *   as written; an object used twice is written twice, never as an anchor and an alias.
 * Writing YAML was the largest single cost of synth, and most of it went to choosing a style for the same
 * strings (keys, labels, images) again and again. So the structure is written here, name-like strings are
 * recognised directly, and every other distinct scalar is styled once by js-yaml itself and remembered. Values js-yaml would write differently from plain JSON data
 * (dates, binary, class instances with their own tags) go to js-yaml whole. test/core/write-yaml.test.ts checks
 * that every rendered object, and generated awkward values, come out byte for byte as js-yaml writes them.
 */
export function writeYaml(value: unknown): string {
  try {
    return `${node(value, 0, true)}\n`;
  } catch (error) {
    if (error !== NOT_PLAIN_DATA) throw error;
    return dump(value, OPTIONS);
  }
}

const OPTIONS = { lineWidth: -1, noRefs: true, quotingType: '"' } as const;
/** js-yaml indents by two spaces per level. */
const INDENT = 2;
/** Longer keys are written as explicit `? key` pairs by js-yaml. */
const MAX_IMPLICIT_KEY = 1024;
const NOT_PLAIN_DATA = new Error('not plain data: written by js-yaml');

/** How js-yaml writes a scalar that fits on one line, by value. */
const scalars = new Map<unknown, string>();

/**
 * Names, label values, image paths: a letter, then letters, digits, `_`, `.`, `/` and `-`. js-yaml writes these
 * plain unless a YAML reader would resolve them to something else; starting with a letter, that can only be a
 * null or boolean word of YAML 1.2, or a YAML 1.1 boolean it quotes for compatibility (DEPRECATED_BOOLEANS_SYNTAX).
 */
const NAME_LIKE = /^[A-Za-z][\w./-]*$/;
const QUOTED_WORDS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

function scalar(value: string | number | boolean | null): string {
  if (typeof value === 'string' && NAME_LIKE.test(value)) return QUOTED_WORDS.has(value) ? `"${value}"` : value;
  // A Map does not tell -0 from 0, which js-yaml writes as -0.0.
  if (Object.is(value, -0)) return dump(value, OPTIONS).slice(0, -1);
  let text = scalars.get(value);
  if (text === undefined) {
    text = dump(value, OPTIONS).slice(0, -1);
    scalars.set(value, text);
  }
  return text;
}

/**
 * Code points js-yaml's isPrintable refuses, other than the line feed: a multi-line string holding one is
 * double-quoted, any other becomes a literal block (chooseScalarStyle, with lines never folded).
 */
const NOT_PRINTABLE = /[^\n\x20-\x7E\xA1-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * A string at `level`. A single line is written the same at any depth (styled by js-yaml). A multi-line string
 * is a literal block as js-yaml's blockHeader and indentString write it: scripts and configs are the longest
 * strings of a render, and styling them character by character was most of the cost of writing it.
 */
function string(value: string, level: number, isKey: boolean): string {
  if (!value.includes('\n')) return scalar(value);
  if (isKey) throw NOT_PLAIN_DATA; // js-yaml double-quotes multi-line keys
  if (NOT_PRINTABLE.test(value)) return scalar(value);
  const indentIndicator = /^\n* /.test(value) ? String(INDENT) : '';
  const clip = value.endsWith('\n');
  const keep = clip && (value.endsWith('\n\n') || value === '\n');
  const indent = ' '.repeat(INDENT * Math.max(1, level));
  let body = '';
  for (const line of value.split(/(?<=\n)/)) body += line === '\n' ? line : indent + line;
  return `|${indentIndicator}${keep ? '+' : clip ? '' : '-'}\n${clip ? body.slice(0, -1) : body}`;
}

/** js-yaml's writeNode for plain data in block style (the only style it uses with these options). */
function node(value: unknown, level: number, compact: boolean): string {
  switch (typeof value) {
    case 'string': return string(value, level, false);
    case 'number': case 'boolean': return scalar(value);
    case 'object':
      if (value === null) return scalar(null);
      if (Array.isArray(value)) return value.length === 0 ? '[]' : sequence(value, level, compact);
      if (Object.prototype.toString.call(value) !== '[object Object]') throw NOT_PLAIN_DATA;
      return mapping(value as Record<string, unknown>, level, compact);
    default: throw NOT_PLAIN_DATA;
  }
}

const nextLine = (level: number) => `\n${' '.repeat(INDENT * level)}`;

function sequence(items: readonly unknown[], level: number, compact: boolean): string {
  let result = '';
  for (const item of items) {
    // js-yaml writes a missing item as null.
    // Items are compact (a mapping starts on the dash's line), so they never start with a line break.
    if (!compact || result !== '') result += nextLine(level);
    result += `- ${node(item === undefined ? null : item, level + 1, true)}`;
  }
  return result;
}

function mapping(object: Record<string, unknown>, level: number, compact: boolean): string {
  let result = '';
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (value === undefined) continue; // js-yaml leaves the pair out
    const keyText = string(key, level + 1, true);
    if (keyText.length > MAX_IMPLICIT_KEY) throw NOT_PLAIN_DATA;
    const text = node(value, level + 1, false);
    if (!compact || result !== '') result += nextLine(level);
    result += keyText;
    result += text.charCodeAt(0) === 0x0a ? ':' : ': ';
    result += text;
  }
  return result === '' ? '{}' : result;
}
