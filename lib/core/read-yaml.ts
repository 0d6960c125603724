import { FAILSAFE_SCHEMA, loadAll, Type, YAMLException } from 'js-yaml';

/**
 * Reads YAML as `kubectl apply` does, so the guardrails, the review tools and the tests see the values the
 * cluster will get. kubectl 1.27 decodes manifests with sigs.k8s.io/yaml v1.3.0, which wraps gopkg.in/yaml.v2
 * v2.4.0 (go.mod of github.com/kubernetes/kubectl v0.27.16), a YAML 1.1 reader. Plain (unquoted) scalars resolve
 * as its resolve.go does (read in github.com/go-yaml/yaml at v2.4.0):
 * - `y`, `yes`, `on`, `n`, `no`, `off`, `true`, `false` (lower, capitalised and upper case) are booleans; `~`,
 *   `null` and the empty value are null; `.inf`, `.nan` are floats (the resolve map);
 * - a scalar starting with a digit or a sign is an integer when `strconv.ParseInt(plain, 0, 64)` accepts it with
 *   underscores removed (so `0755` is octal, `0x1f` hex, `0b101` binary, `0o17` octal), else a float when it
 *   matches `yamlStyleFloat`; one starting with `.` is a float when `strconv.ParseFloat` accepts it;
 * - base-60 numbers such as `1:30` are "purposefully unsupported": they stay strings, and so do timestamps
 *   decoded into `interface{}`, "for backward compatibility" (decode.go);
 * - `<<` merges mappings.
 * A YAML 1.2 reader reads `privileged: yes` as the string "yes" where the cluster applies `true`. The writer
 * (lib/core/write-yaml) quotes such strings, so renders read the same either way; manifests written by hand do not.
 * js-yaml, with this schema: the `yaml` package's YAML 1.1 mode was the largest cost of reading JCasC during synth.
 */
const RESOLVE_MAP = new Map<string, null | boolean | number>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map(s => [s, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map(s => [s, false] as const),
  ...['', '~', 'null', 'Null', 'NULL'].map(s => [s, null] as const),
  ...['.nan', '.NaN', '.NAN'].map(s => [s, NaN] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map(s => [s, Infinity] as const),
  ...['-.inf', '-.Inf', '-.INF'].map(s => [s, -Infinity] as const),
]);

/** Go's `strconv.ParseInt(s, 0, 64)` syntax: a sign, then a base prefix (`0x`, `0o`, `0b`, a leading `0` for octal) or decimal digits. */
const GO_INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|0([0-7]+)|(0|[1-9][0-9]*))$/;
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;

/** The number a plain scalar resolves to, or undefined when it stays a string. */
function goNumber(text: string): number | undefined {
  const first = text.charAt(0);
  if (first === '.') return DOT_FLOAT.test(text) ? Number(text) : undefined;
  if (!/[-+0-9]/.test(first)) return undefined;
  const plain = text.replace(/_/g, '');
  const int = GO_INT.exec(plain);
  if (int) {
    const [, sign, hex, octal, binary, legacyOctal, decimal] = int;
    const value = hex !== undefined ? parseInt(hex, 16)
      : octal !== undefined ? parseInt(octal, 8)
        : binary !== undefined ? parseInt(binary, 2)
          : legacyOctal !== undefined ? parseInt(legacyOctal, 8) : Number(decimal);
    return sign === '-' ? -value : value;
  }
  return YAML_STYLE_FLOAT.test(plain) ? Number(plain) : undefined;
}

const isScalar = (data: unknown): data is string => typeof data === 'string';
const fromMap = (tag: string, kind: 'null' | 'boolean') => new Type(`tag:yaml.org,2002:${tag}`, {
  kind: 'scalar',
  resolve: data => isScalar(data) && RESOLVE_MAP.has(data) && (RESOLVE_MAP.get(data) === null) === (kind === 'null'),
  construct: data => RESOLVE_MAP.get(data),
});
const YAML_V2_SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [
    fromMap('null', 'null'),
    fromMap('bool', 'boolean'),
    new Type('tag:yaml.org,2002:int', {
      kind: 'scalar',
      resolve: data => isScalar(data) && /^[-+0-9]/.test(data) && GO_INT.test(data.replace(/_/g, '')),
      construct: data => goNumber(data),
    }),
    new Type('tag:yaml.org,2002:float', {
      kind: 'scalar',
      resolve: data => isScalar(data) && (typeof RESOLVE_MAP.get(data) === 'number' || goNumber(data) !== undefined),
      construct: data => (RESOLVE_MAP.has(data) ? RESOLVE_MAP.get(data) : goNumber(data)),
    }),
    // js-yaml merges a key whose type has this tag.
    new Type('tag:yaml.org,2002:merge', { kind: 'scalar', resolve: data => data === '<<' }),
  ],
});

/** Every document of a YAML text (multi-document, or JSON) as plain data; an empty document is `null`. Throws on a syntax error, naming `source`. */
export function readYamlDocuments(text: string, source: string): unknown[] {
  try {
    return loadAll(text, undefined, { schema: YAML_V2_SCHEMA });
  } catch (error) {
    if (!(error instanceof YAMLException) || !error.mark) throw error;
    // js-yaml reads the whole stream before returning any document: count the separators above the error.
    const above = text.split('\n').slice(0, error.mark.line);
    const document = above.filter(line => /^---(\s|$)/.test(line)).length - (/^---(\s|$)/.test(text) ? 1 : 0);
    throw new Error(`${source}: document ${document}: ${error.reason} (line ${error.mark.line + 1}, column ${error.mark.column + 1})`);
  }
}

/** A single-document YAML text as plain data; see readYamlDocuments. */
export function readYaml(text: string, source: string): unknown {
  const documents = readYamlDocuments(text, source);
  if (documents.length > 1) throw new Error(`${source}: expected one YAML document, found ${documents.length}`);
  return documents[0] ?? null;
}
