import { parseAllDocuments, type Tags } from 'yaml';

/**
 * Reads YAML as `kubectl apply` does, so the guardrails, the review tools and the tests see the values the
 * cluster will get. kubectl 1.27 decodes manifests with sigs.k8s.io/yaml v1.3.0, which wraps gopkg.in/yaml.v2
 * v2.4.0 (go.mod of github.com/kubernetes/kubectl v0.27.16), a YAML 1.1 reader (read in github.com/go-yaml/yaml
 * at v2.4.0):
 * - `y`, `yes`, `on`, `n`, `no`, `off` (and their capitalised forms) are booleans, and `0755` is octal
 *   (resolve.go: the bool table, `strconv.ParseInt(plain, 0, 64)`);
 * - base-60 numbers such as `1:30` are "purposefully unsupported" (resolve.go): they stay strings;
 * - timestamps decoded into `interface{}` stay strings "for backward compatibility" (decode.go).
 * A YAML 1.2 reader (js-yaml, or `yaml` by default) reads `privileged: yes` as the string "yes" where the cluster
 * applies `true`. The writer (js-yaml, lib/synth/render-charts.ts) quotes such strings, so renders read the same
 * either way; manifests written by hand do not.
 */
const KUBECTL_YAML = { version: '1.1', customTags: (tags: Tags) => tags.filter(tag => !isTimeTag(tag)) } as const;

/** The YAML 1.1 tags gopkg.in/yaml.v2 leaves as strings: base-60 numbers and timestamps. */
function isTimeTag(tag: Tags[number]): boolean {
  if (typeof tag === 'string') return ['intTime', 'floatTime', 'timestamp'].includes(tag);
  return ('format' in tag && tag.format === 'TIME') || tag.tag === 'tag:yaml.org,2002:timestamp';
}

/** Every document of a YAML text (multi-document, or JSON) as plain data; an empty document is `null`. Throws on a syntax error, naming `source`. */
export function readYamlDocuments(text: string, source: string): unknown[] {
  return parseAllDocuments(text, KUBECTL_YAML).map((doc, index) => {
    if (doc.errors.length > 0) throw new Error(`${source}: document ${index}: ${doc.errors[0].message}`);
    return doc.toJS();
  });
}

/** A single-document YAML text as plain data; see readYamlDocuments. */
export function readYaml(text: string, source: string): unknown {
  const documents = readYamlDocuments(text, source);
  if (documents.length > 1) throw new Error(`${source}: expected one YAML document, found ${documents.length}`);
  return documents[0] ?? null;
}
