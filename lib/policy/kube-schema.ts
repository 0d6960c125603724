import * as fs from 'fs';

/**
 * The Kubernetes 1.27 object schema, read from the types cdk8s-plus-27 ships (a runtime dependency, so
 * `npm run validate` and synth need nothing else): `lib/imports/k8s.d.ts` is generated from the 1.27 OpenAPI spec
 * and names the JSON field of every property (`@schema <type>#<field>`); `lib/imports/k8s.js` gives each
 * `Kube<Kind>` class its apiVersion and kind (`KubeDeployment.GVK = { apiVersion: 'apps/v1', kind: 'Deployment' }`).
 * Parsed once per process, on first use.
 */

/** A field's type: a named object type, a scalar, a list or a map of another type. */
export type FieldType =
  | { readonly scalar: Scalar }
  | { readonly object: string }
  | { readonly list: FieldType }
  | { readonly map: FieldType };

/** JSON scalars the schema uses; `Quantity` and `IntOrString` accept a string or a number, `any` anything. */
export type Scalar = 'string' | 'number' | 'boolean' | 'Quantity' | 'IntOrString' | 'any';

export interface KubeSchema {
  /** Object types by name: JSON field name → field type. */
  readonly types: ReadonlyMap<string, ReadonlyMap<string, FieldType>>;
  /** Top-level type of each built-in kind, by `apiVersion kind` (e.g. `apps/v1 Deployment` → `KubeDeploymentProps`). */
  readonly kinds: ReadonlyMap<string, string | undefined>;
  /** API groups served by a 1.27 API server (`''` is the core group). */
  readonly groups: ReadonlySet<string>;
}

/** Built-in kinds cdk8s-plus-27 has no class for (its `KubeEvent` is events.k8s.io); known, but their fields are not checked. */
const UNTYPED_KINDS = ['v1 Event', 'v1 EventList', 'v1 List'];

const SCALARS: Readonly<Record<string, Scalar>> = {
  string: 'string', Date: 'string', number: 'number', boolean: 'boolean', Quantity: 'Quantity', IntOrString: 'IntOrString', any: 'any',
};

let cached: KubeSchema | undefined;

export function kubeSchema(): KubeSchema {
  cached ??= parse();
  return cached;
}

/** The group of an apiVersion: `apps/v1` → `apps`, `v1` → `''`. */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

function parse(): KubeSchema {
  const types = new Map<string, Map<string, FieldType>>();
  const lines = fs.readFileSync(require.resolve('cdk8s-plus-27/lib/imports/k8s.d.ts'), 'utf8').split('\n');
  let current: Map<string, FieldType> | undefined;
  let jsonName: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // Most lines are doc comments: cheap prefix tests before any regex (this runs on every synth).
    if (line.startsWith('     *')) {
      const schema = line.includes('@schema') && /@schema \S+#(\S+)/.exec(line);
      if (schema) jsonName = schema[1];
      continue;
    }
    const start = line.startsWith('export interface ') && /^export interface (\w+) \{/.exec(line);
    if (start) { current = new Map(); types.set(start[1], current); continue; }
    if (line === '}') { current = undefined; continue; }
    const prop = current && jsonName && line.startsWith('    readonly ') && /^ {4}readonly \w+\??: (.+?);?$/.exec(line);
    if (!current || !prop || !jsonName) continue;
    // A map spans three lines: `{`, `[key: string]: T;`, `};`.
    const text = prop[1] === '{' ? `{${/\[key: string\]: (.+);/.exec(lines[++i])![1]}}` : prop[1];
    current.set(jsonName, typeOf(text));
    jsonName = undefined;
  }
  const kinds = new Map<string, string | undefined>(UNTYPED_KINDS.map(k => [k, undefined]));
  // The module synth has loaded anyway: reading its classes is cheaper than scanning its 2.5 MB of source.
  const classes: Record<string, { GVK?: { apiVersion: string; kind: string } }> = require('cdk8s-plus-27/lib/imports/k8s');
  for (const [name, { GVK }] of Object.entries(classes)) {
    if (!GVK) continue;
    const props = types.get(`${name}Props`);
    kinds.set(`${GVK.apiVersion} ${GVK.kind}`, props ? `${name}Props` : undefined);
    // The generated props leave out the type fields, which a whole object embedded in another (a StatefulSet's
    // claim templates) may carry: the OpenAPI type has them.
    props?.set('apiVersion', { scalar: 'string' }).set('kind', { scalar: 'string' });
  }
  const groups = new Set([...kinds.keys()].map(k => apiGroup(k.split(' ')[0])));
  return { types, kinds, groups };
}

function typeOf(text: string): FieldType {
  if (text.endsWith('[]')) return { list: typeOf(text.slice(0, -2)) };
  if (text.startsWith('{')) return { map: typeOf(text.slice(1, -1)) };
  const scalar = SCALARS[text];
  // Named types that are not interfaces (the one enum) are treated as anything.
  return scalar ? { scalar } : { object: text };
}
