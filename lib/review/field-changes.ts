/** One step of a field path: an object key, an array index, or a list entry identified by its `name`. */
export type PathSegment = string | number | { readonly name: string };

/** One changed field of an object. `before`/`after` are undefined when the field was added/removed. */
export interface FieldChange {
  readonly path: readonly PathSegment[];
  readonly before?: unknown;
  readonly after?: unknown;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Lists of objects with unique names (containers, env, ports, volumes) are compared by name, so an insertion is one change. */
function namedEntries(list: readonly unknown[]): Map<string, unknown> | undefined {
  const byName = new Map<string, unknown>();
  for (const item of list) {
    if (!isRecord(item) || typeof item.name !== 'string' || byName.has(item.name)) return undefined;
    byName.set(item.name, item);
  }
  return byName;
}

function isEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a as Json)) === JSON.stringify(canonical(b as Json));
}

function canonical(value: Json): Json {
  if (Array.isArray(value)) return value.map(canonical);
  if (isRecord(value)) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, Json>)[k])]));
  }
  return value;
}

/**
 * Field-level changes between two versions of an object, each at the deepest path where they differ.
 * Maps recurse by key; lists of named objects recurse by name; other lists of objects by index;
 * lists of scalars (args, command) are one value, since an insertion shifts every index.
 */
export function fieldChanges(before: unknown, after: unknown, path: readonly PathSegment[] = []): FieldChange[] {
  if (isEqual(before, after)) return [];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => fieldChanges(before[key], after[key], [...path, key]));
  }
  if (Array.isArray(before) && Array.isArray(after) && [...before, ...after].some(isRecord)) {
    const oldNamed = namedEntries(before);
    const newNamed = namedEntries(after);
    if (oldNamed && newNamed) {
      const names = [...new Set([...oldNamed.keys(), ...newNamed.keys()])];
      const changes = names.flatMap((name) => fieldChanges(oldNamed.get(name), newNamed.get(name), [...path, { name }]));
      // Same entries in another order: the order is the change.
      return changes.length > 0 ? changes : [{ path, before: [...oldNamed.keys()], after: [...newNamed.keys()] }];
    }
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => fieldChanges(before[i], after[i], [...path, i])).flat();
  }
  return [{ path, before, after }];
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `spec.template.spec.containers[name=app].image`, `metadata.labels["app.kubernetes.io/name"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'object') out += `[name=${segment.name}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === '' ? '(object)' : out;
}

/** True when `path` starts with the object keys `prefix` (`fieldChanges` paths, keys only). */
export function pathStartsWith(path: readonly PathSegment[], prefix: readonly string[]): boolean {
  return prefix.every((key, i) => path[i] === key);
}
