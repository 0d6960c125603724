import { ZodTypeAny } from 'zod';
import { EnvironmentInput, environmentSchema } from './schema';
import { formatPath, isPlainObject, shapeOf } from './schema-walk';

/**
 * Typed inheritance: an environment declared as another one plus overrides (`test = prod + overrides`).
 * A change to the base flows to every environment derived from it unless that one overrides the field.
 *
 * Merge rules, read from the schema (not guessed from the values):
 * - fields of an object merge one by one; an override may only set a field the base sets (a typo, or
 *   a field the base lacks, is an error naming the overriding file, never a silent addition);
 * - maps (`apps.web`, label maps, `config.env`, ...) merge by key: a new key adds an entry;
 * - lists replace, except the keyed lists in `KEYED_LISTS` (tenants by `name`), whose entries merge
 *   by key and whose new keys append;
 * - a value whose schema is a union of shapes (e.g. `ingress.tls`, `delivery`) replaces, since its
 *   fields depend on the variant;
 * - `replace(value)` replaces a map, keyed list or object as a whole.
 */

/** Lists whose entries merge by a key field instead of replacing, by field path (indices omitted). */
export const KEYED_LISTS: Readonly<Record<string, string>> = { tenants: 'name' };

const REPLACE = Symbol('replace');
const INHERITANCE = Symbol('inheritance');

/** Replaces the base's value as a whole instead of merging into it (e.g. a derived environment's own tenant list). */
export function replace<T>(value: T): T {
  return { [REPLACE]: value } as unknown as T;
}

/** An override, as the environment file writes it: any field may be left out at any depth. */
export type Overrides<T> =
  T extends readonly unknown[] ? T | readonly KeyedOverride<T[number]>[]
  : T extends object ? { [K in keyof T]?: Overrides<T[K]> }
  : T;
type KeyedOverride<E> = E extends { name: string } ? Overrides<E> & { name: string } : E;

export type EnvironmentOverrides = Overrides<EnvironmentInput>;

/** Where a derived environment comes from, for error messages. */
export interface InheritFrom {
  /** The base environment's name (its key in `lib/config/environments/index.ts`). */
  readonly base: string;
  /** The file that declares the overrides, e.g. `lib/config/environments/test.ts`. */
  readonly file: string;
}

/** An override that does not fit the base: where, and why. */
export interface OverrideProblem {
  readonly path: string;
  readonly message: string;
}

/** What validation needs to know about a derived environment. */
export interface Inheritance extends InheritFrom {
  /** Overrides that were not applied. */
  readonly problems: readonly OverrideProblem[];
  /** Paths the overrides set (a problem below one of them is the override's, not the base's). */
  readonly overridden: readonly string[];
}

/** The base with the overrides applied; problems travel with the result and fail validation (`lib/config/validate.ts`). */
export function inherit(base: EnvironmentInput, overrides: EnvironmentOverrides, from: InheritFrom): EnvironmentInput {
  const problems: OverrideProblem[] = [];
  const overridden: string[] = [];
  const merged = merge(environmentSchema, base, overrides, [], { from, problems, overridden }) as EnvironmentInput;
  // A symbol key: invisible to zod's unknown-field check and dropped by copies (structuredClone).
  Object.defineProperty(merged, INHERITANCE, { value: { ...from, problems, overridden } satisfies Inheritance, enumerable: false });
  return merged;
}

/** The inheritance of a value made by `inherit`; undefined for a plain environment (or a copy of one). */
export function inheritanceOf(input: unknown): Inheritance | undefined {
  return isPlainObject(input) ? (input as { [INHERITANCE]?: Inheritance })[INHERITANCE] : undefined;
}

interface MergeContext {
  readonly from: InheritFrom;
  readonly problems: OverrideProblem[];
  readonly overridden: string[];
}

function merge(schema: ZodTypeAny, base: unknown, override: unknown, path: (string | number)[], ctx: MergeContext): unknown {
  if (override === undefined) return base;
  if (isPlainObject(override) && REPLACE in override) {
    ctx.overridden.push(formatPath(path));
    return override[REPLACE as unknown as string];
  }
  const shape = shapeOf(schema);
  if (shape.kind === 'object' && isPlainObject(base) && isPlainObject(override)) {
    const result: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(override)) {
      if (!(key in base) || !(key in shape.fields)) {
        const known = key in shape.fields ? `${ctx.from.base} does not set it` : `no such field (expected one of ${Object.keys(shape.fields).join(', ')})`;
        ctx.problems.push({
          path: formatPath([...path, key]),
          message: `${ctx.from.file} overrides a field ${ctx.from.base} does not have: ${known}; set it in ${ctx.from.base} first, or replace the enclosing value with replace(...)`,
        });
        continue;
      }
      result[key] = merge(shape.fields[key], base[key], value, [...path, key], ctx);
    }
    return result;
  }
  if (shape.kind === 'record' && isPlainObject(base) && isPlainObject(override)) {
    const result: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(override)) {
      result[key] = key in base ? merge(shape.values, base[key], value, [...path, key], ctx) : value;
      if (!(key in base)) ctx.overridden.push(formatPath([...path, key]));
    }
    return result;
  }
  const keyField = KEYED_LISTS[formatPath(path.filter(p => typeof p === 'string'))];
  if (shape.kind === 'array' && keyField !== undefined && Array.isArray(base) && Array.isArray(override)) {
    const result = [...base];
    for (const entry of override) {
      const index = result.findIndex(b => isPlainObject(b) && isPlainObject(entry) && b[keyField] === entry[keyField]);
      if (index === -1) {
        ctx.overridden.push(formatPath([...path, result.length]));
        result.push(entry);
      } else {
        result[index] = merge(shape.element, result[index], entry, [...path, index], ctx);
      }
    }
    return result;
  }
  // Lists, unions and single values replace.
  ctx.overridden.push(formatPath(path));
  return override;
}
