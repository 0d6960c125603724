import * as fs from 'fs';
import { KubeObject } from './render';

/**
 * The API server's strict field validation rejects any field its schema does not know. The
 * kubernetes-models validator does not (it allows additional properties), so this check walks
 * each object against the field lists of the Kubernetes 1.27 types that cdk8s-plus-27 ships
 * (`imports/k8s.d.ts`, generated from the 1.27 OpenAPI spec, with `@schema <type>#<json field>`
 * on every property).
 */
interface TypeInfo { fields: Map<string, string | undefined> } // json field -> nested type (undefined: leaf)

const LEAF_TYPES = new Set(['string', 'number', 'boolean', 'any', 'Quantity', 'IntOrString', 'Date']);

function parseTypes(): { types: Map<string, TypeInfo>; resources: Map<string, string> } {
  const source = fs.readFileSync(require.resolve('cdk8s-plus-27/lib/imports/k8s.d.ts'), 'utf8').split('\n');
  const types = new Map<string, TypeInfo>();
  const resources = new Map<string, string>(); // "apps.v1.Deployment" -> "KubeDeploymentProps"
  let current: TypeInfo | undefined;
  let lastSchema: string | undefined;
  for (const line of source) {
    const schema = /@schema (\S+)/.exec(line);
    if (schema) { lastSchema = schema[1]; continue; }
    const start = /^export interface (\w+) \{/.exec(line);
    if (start) {
      current = { fields: new Map() };
      types.set(start[1], current);
      if (start[1].startsWith('Kube') && start[1].endsWith('Props') && lastSchema) {
        resources.set(lastSchema.replace(/^io\.k8s\.(api|kube-aggregator\.pkg\.apis|apiextensions-apiserver\.pkg\.apis)\./, ''), start[1]);
      }
      continue;
    }
    if (line === '}') { current = undefined; continue; }
    const field = /^\s+readonly \w+\??: (.+?);?$/.exec(line); // maps open a multi-line "{"
    if (current && field && lastSchema?.includes('#')) {
      const jsonName = lastSchema.split('#')[1];
      const type = field[1].replace(/\[\]$/, '');
      current.fields.set(jsonName, LEAF_TYPES.has(type) || type.startsWith('{') || type.includes('|') ? undefined : type);
    }
  }
  return { types, resources };
}

let parsed: ReturnType<typeof parseTypes> | undefined;

/** Fields of `object` unknown to the 1.27 schema, as paths; undefined when the kind is not a 1.27 built-in. */
export function unknownFields(object: KubeObject): string[] | undefined {
  parsed ??= parseTypes();
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['core', object.apiVersion];
  const props = parsed.resources.get(`${group.split('.')[0]}.${version}.${object.kind}`);
  if (!props) return undefined;
  const unknown: string[] = [];
  const walk = (value: unknown, typeName: string, path: string) => {
    const type = parsed!.types.get(typeName);
    if (!type || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) { value.forEach((item, i) => walk(item, typeName, `${path}[${i}]`)); return; }
    for (const [key, child] of Object.entries(value)) {
      if (!type.fields.has(key)) { unknown.push(`${path}.${key}`); continue; }
      const childType = type.fields.get(key);
      if (childType) walk(child, childType, `${path}.${key}`);
    }
  };
  const { apiVersion: _a, kind: _k, ...rest } = object;
  walk(rest, props, object.kind);
  return unknown;
}
