import * as fs from 'fs';
import { load } from 'js-yaml';

/**
 * Validates an object against a CustomResourceDefinition's structural `openAPIV3Schema`, the way
 * the API server does with strict field validation: types, `required`, `enum`, and no field the
 * schema does not declare (unless `x-kubernetes-preserve-unknown-fields`). `metadata` is left to
 * the ObjectMeta checks. Returns the problems, empty when valid.
 */
export function crdProblems(crdFile: string, object: any): string[] {
  const crd: any = load(fs.readFileSync(crdFile, 'utf8'));
  const [group, version] = String(object.apiVersion).split('/');
  if (crd.spec.group !== group || crd.spec.names.kind !== object.kind) return [`${object.apiVersion} ${object.kind} is not served by ${crd.metadata.name}`];
  const served = crd.spec.versions.find((v: any) => v.name === version && v.served);
  if (!served) return [`${crd.metadata.name} does not serve ${version}`];
  const problems: string[] = [];
  walk(served.schema.openAPIV3Schema, { ...object, metadata: {} }, '', problems);
  return problems;
}

const TYPES: Record<string, (v: unknown) => boolean> = {
  object: v => typeof v === 'object' && v !== null && !Array.isArray(v),
  array: Array.isArray,
  string: v => typeof v === 'string',
  boolean: v => typeof v === 'boolean',
  integer: v => Number.isInteger(v),
  number: v => typeof v === 'number',
};

function walk(schema: any, value: unknown, path: string, problems: string[]): void {
  if (value === null && schema.nullable) return;
  if (schema['x-kubernetes-int-or-string'] && (typeof value === 'string' || Number.isInteger(value))) return;
  if (schema.type && !TYPES[schema.type]?.(value)) { problems.push(`${path || '(root)'}: expected ${schema.type}, got ${JSON.stringify(value)}`); return; }
  if (schema.enum && !schema.enum.includes(value)) problems.push(`${path}: expected one of ${schema.enum.join(', ')}, got ${JSON.stringify(value)}`);
  if (schema.type === 'array' && schema.items) (value as unknown[]).forEach((item, i) => walk(schema.items, item, `${path}[${i}]`, problems));
  if (schema.type !== 'object') return;
  const record = value as Record<string, unknown>;
  for (const key of schema.required ?? []) if (!(key in record)) problems.push(`${path}.${key}: required`);
  for (const [key, child] of Object.entries(record)) {
    const childPath = path ? `${path}.${key}` : key;
    if (schema.properties?.[key]) walk(schema.properties[key], child, childPath, problems);
    else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') walk(schema.additionalProperties, child, childPath, problems);
    else if (!schema['x-kubernetes-preserve-unknown-fields'] && !(path === '' && key === 'metadata')) problems.push(`${childPath}: unknown field`);
  }
}
