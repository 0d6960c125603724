import { FieldType, kubeSchema } from '../kube-schema';
import { field, item } from '../paths';
import { KubeObject, Report } from '../types';
import { rule, RuleFamily } from './rule';

export const SCHEMA_RULES = {
  unknownField: rule('SCHEMA-UNKNOWN-FIELD',
    'Field is not part of the Kubernetes 1.27 schema: the API server rejects it (strict field validation) or drops it silently',
    'Check the spelling and the nesting against `kubectl explain <kind>.<path>`; field names are case-sensitive.'),
  type: rule('SCHEMA-TYPE',
    'Value has the wrong type or format for the Kubernetes 1.27 schema, so the API server rejects the object',
    'Write numbers and booleans unquoted, strings (label values, env values) quoted, and quantities as 128Mi, 1Gi, 500m or 0.5.'),
};

/**
 * A resource quantity as the API server parses it (k8s.io/apimachinery/pkg/api/resource, ParseQuantity): a signed
 * decimal number and one suffix, binary (Ki…Ei), decimal (n, u, m, k, M, G, T, P, E) or an exponent (e3). `64MB`
 * and `1 Gi` are rejected.
 */
const QUANTITY = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;

/**
 * Every field of a built-in object is known to the 1.27 schema and has the type it declares. Top-level `status`
 * is not checked: the API server ignores it on writes (and the generated types leave it out). Kinds without a
 * schema (custom resources, core/v1 Event) are not checked here.
 */
export const schema: RuleFamily = {
  rules: Object.values(SCHEMA_RULES),
  check(inv, report) {
    const { kinds } = kubeSchema();
    for (const obj of inv.objects) {
      const typeName = kinds.get(`${obj.body.apiVersion} ${obj.kind}`);
      if (!typeName) continue;
      const { apiVersion: _a, kind: _k, status: _s, ...fields } = obj.body;
      checkValue(fields, { object: typeName }, '', obj, report);
    }
  },
};

function checkValue(value: unknown, type: FieldType, path: string, obj: KubeObject, report: Report): void {
  // null means "unset" to the API server, whatever the field's type.
  if (value === null || value === undefined) return;
  if ('scalar' in type) {
    const problem = scalarProblem(value, type.scalar);
    if (problem) report(SCHEMA_RULES.type, obj, path, `${problem}, got ${JSON.stringify(value)}`);
  } else if ('list' in type) {
    if (!Array.isArray(value)) return report(SCHEMA_RULES.type, obj, path, `expected a list, got ${describe(value)}`);
    value.forEach((v, i) => checkValue(v, type.list, item(path, i), obj, report));
  } else if ('map' in type) {
    if (!isPlainObject(value)) return report(SCHEMA_RULES.type, obj, path, `expected a map, got ${describe(value)}`);
    for (const [k, v] of Object.entries(value)) checkValue(v, type.map, field(path, k), obj, report);
  } else {
    const fields = kubeSchema().types.get(type.object);
    if (!fields) return;
    if (!isPlainObject(value)) return report(SCHEMA_RULES.type, obj, path, `expected an object, got ${describe(value)}`);
    for (const [k, v] of Object.entries(value)) {
      const fieldType = fields.get(k);
      if (fieldType) checkValue(v, fieldType, field(path, k), obj, report);
      else report(SCHEMA_RULES.unknownField, obj, field(path, k), `"${k}" is not a field of ${type.object.replace(/^Kube|Props$/g, '')}`);
    }
  }
}

function scalarProblem(value: unknown, scalar: string): string | undefined {
  switch (scalar) {
    case 'string': return typeof value === 'string' ? undefined : 'expected a string (quote it)';
    case 'number': return typeof value === 'number' ? undefined : 'expected a number (unquoted)';
    case 'boolean': return typeof value === 'boolean' ? undefined : 'expected true or false (unquoted)';
    case 'IntOrString': return typeof value === 'string' || Number.isInteger(value) ? undefined : 'expected an integer or a string';
    case 'Quantity':
      if (typeof value === 'number') return undefined;
      return typeof value === 'string' && QUANTITY.test(value) ? undefined : 'expected a quantity such as 128Mi, 1Gi, 500m or 0.5';
    default: return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'a list' : JSON.stringify(value);
}
