import { ZodTypeAny } from 'zod';

/**
 * Reads the shape of the environment schema, so that code which walks configuration values
 * (inheritance, image resolution) follows the schema instead of guessing from the values.
 */

/** The schema under wrappers that do not change a value's shape (optional, default, refinements, ...). */
export function unwrap(schema: ZodTypeAny): ZodTypeAny {
  let current = schema;
  for (;;) {
    const def = current._def;
    switch (def.typeName) {
      case 'ZodOptional': case 'ZodNullable': case 'ZodDefault': case 'ZodCatch': case 'ZodReadonly':
        current = def.innerType; break;
      case 'ZodEffects': current = def.schema; break;
      case 'ZodBranded': current = def.type; break;
      case 'ZodLazy': current = def.getter(); break;
      case 'ZodPipeline': current = def.in; break;
      default: return current;
    }
  }
}

/** How a value is merged and walked, by the kind of schema it has. */
export type SchemaShape =
  | { kind: 'object'; fields: Readonly<Record<string, ZodTypeAny>> }
  | { kind: 'record'; values: ZodTypeAny }
  | { kind: 'array'; element: ZodTypeAny }
  | { kind: 'union'; options: readonly ZodTypeAny[]; discriminator?: string }
  | { kind: 'leaf' };

export function shapeOf(schema: ZodTypeAny): SchemaShape {
  const inner = unwrap(schema);
  const def = inner._def;
  switch (def.typeName) {
    case 'ZodObject': return { kind: 'object', fields: def.shape() };
    case 'ZodRecord': return { kind: 'record', values: def.valueType };
    case 'ZodArray': return { kind: 'array', element: def.type };
    case 'ZodDiscriminatedUnion': return { kind: 'union', options: def.options, discriminator: def.discriminator };
    case 'ZodUnion': return { kind: 'union', options: def.options };
    default: return { kind: 'leaf' };
  }
}

/** The option of a union that `value` belongs to: the discriminator's match, else the first that accepts it. */
export function unionOption(shape: Extract<SchemaShape, { kind: 'union' }>, value: unknown): ZodTypeAny | undefined {
  if (shape.discriminator !== undefined && isPlainObject(value)) {
    const tag = value[shape.discriminator];
    return shape.options.find(o => {
      const s = shapeOf(o);
      return s.kind === 'object' && s.fields[shape.discriminator!]?.safeParse(tag).success;
    });
  }
  return shape.options.find(o => o.safeParse(value).success);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `tenants[0].quota.cpu` from `['tenants', 0, 'quota', 'cpu']`. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.map((part, i) => typeof part === 'number' ? `[${part}]` : (i === 0 ? part : `.${part}`)).join('');
}
