import { FieldChange, PathSegment } from './field-changes';
import { ChangedObject } from './object-diff';

/** One field change (last path key, old and new value) made on several objects, e.g. an instance label in every selector. */
export interface SharedChange {
  /** The changed key, e.g. `app.kubernetes.io/instance`. */
  readonly key: string;
  readonly before?: unknown;
  readonly after?: unknown;
  /** Number of fields changed this way. */
  readonly fields: number;
  /** Number of objects holding such a field. */
  readonly objects: number;
  /** How many of those fields are label selectors (immutable on workloads and Jobs). */
  readonly selectors: number;
}

function lastKey(path: readonly PathSegment[]): string | undefined {
  const last = path[path.length - 1];
  return typeof last === 'string' ? last : undefined;
}

function isSelectorPath(path: readonly PathSegment[]): boolean {
  return path.some((segment) => typeof segment === 'string' && /^(selector|matchLabels|podSelector|namespaceSelector)$/.test(segment));
}

/** Changes of the same key from the same value to the same value on at least `minObjects` objects, most widespread first. */
export function sharedChanges(changed: readonly ChangedObject[], minObjects = 2): SharedChange[] {
  const groups = new Map<string, { key: string; change: FieldChange; fields: number; selectors: number; objects: Set<ChangedObject> }>();
  for (const object of changed) {
    for (const change of object.changes) {
      const key = lastKey(change.path);
      if (key === undefined) continue;
      const id = JSON.stringify([key, change.before ?? null, change.after ?? null]);
      const group = groups.get(id) ?? { key, change, fields: 0, selectors: 0, objects: new Set() };
      group.fields++;
      if (isSelectorPath(change.path)) group.selectors++;
      group.objects.add(object);
      groups.set(id, group);
    }
  }
  return [...groups.values()]
    .filter((g) => g.objects.size >= minObjects)
    .map((g) => ({ key: g.key, before: g.change.before, after: g.change.after, fields: g.fields, objects: g.objects.size, selectors: g.selectors }))
    .sort((a, b) => b.objects - a.objects || b.fields - a.fields);
}
