import { FieldType, KubeSchema, kubeSchema } from '../kube-schema';
import { field, item } from '../paths';
import { CheckedObject, Report, Rule } from '../types';
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
 * is not checked: the API server ignores it on writes (and the generated types leave it out). Of kinds without a
 * schema (custom resources, core/v1 Event) only `metadata` is checked.
 */
export const schema: RuleFamily = {
  rules: Object.values(SCHEMA_RULES),
  check(inv, report) {
    const { kinds, types } = kubeSchema();
    for (const obj of inv.objects) {
      const typeName = kinds.get(`${obj.body.apiVersion} ${obj.kind}`);
      const walker = new Walker(obj, types, report);
      // Custom resources: their CRD's schema is not known here, but every object's metadata is an ObjectMeta.
      if (!typeName) {
        walker.descend('metadata', obj.body.metadata, { object: 'ObjectMeta' });
        continue;
      }
      const { apiVersion: _a, kind: _k, status: _s, ...fields } = obj.body;
      walker.value(fields, { object: typeName });
    }
  },
};

/**
 * Walks one object along its schema. The field path is kept as a stack of keys and only turned into a string
 * when something is reported: most objects have nothing to report, and building every path would dominate.
 */
class Walker {
  private readonly keys: (string | number)[] = [];

  constructor(
    private readonly obj: CheckedObject,
    private readonly types: KubeSchema['types'],
    private readonly report: Report,
  ) {}

  value(value: unknown, type: FieldType): void {
    // null means "unset" to the API server, whatever the field's type.
    if (value === null || value === undefined) return;
    if ('scalar' in type) {
      const problem = scalarProblem(value, type.scalar);
      if (problem) this.fail(SCHEMA_RULES.type, `${problem}, got ${JSON.stringify(value)}`);
    } else if ('list' in type) {
      if (!Array.isArray(value)) return this.fail(SCHEMA_RULES.type, `expected a list, got ${describe(value)}`);
      for (let i = 0; i < value.length; i++) this.descend(i, value[i], type.list);
    } else if ('map' in type) {
      if (!isPlainObject(value)) return this.fail(SCHEMA_RULES.type, `expected a map, got ${describe(value)}`);
      for (const k in value) this.descend(k, value[k], type.map);
    } else {
      const fields = this.types.get(type.object);
      if (!fields) return;
      if (!isPlainObject(value)) return this.fail(SCHEMA_RULES.type, `expected an object, got ${describe(value)}`);
      for (const k in value) {
        const fieldType = fields.get(k);
        if (fieldType) this.descend(k, value[k], fieldType);
        else {
          this.keys.push(k);
          this.fail(SCHEMA_RULES.unknownField, `"${k}" is not a field of ${type.object.replace(/^Kube|Props$/g, '')}`);
          this.keys.pop();
        }
      }
    }
  }

  /** Checks `value` as the field `key` of the current position. */
  descend(key: string | number, value: unknown, type: FieldType): void {
    this.keys.push(key);
    this.value(value, type);
    this.keys.pop();
  }

  private fail(r: Rule, detail: string): void {
    const path = this.keys.reduce<string>((p, k) => (typeof k === 'number' ? item(p, k) : field(p, k)), '');
    this.report(r, this.obj, path, detail);
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
