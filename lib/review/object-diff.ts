import { compareStrings } from '../core/compare';
import { FieldChange, fieldChanges } from './field-changes';
import { KubeObject } from '../core/kube-object';
import { objectKey } from './kube-object';

/** An object present in both renders whose content differs. */
export interface ChangedObject {
  readonly before: KubeObject;
  readonly after: KubeObject;
  readonly changes: readonly FieldChange[];
}

/** Object-level difference between two renders of one environment, each list sorted by namespace, kind and name. */
export interface ObjectDiff {
  readonly added: readonly KubeObject[];
  readonly removed: readonly KubeObject[];
  readonly changed: readonly ChangedObject[];
  /** Number of objects present and identical in both renders. */
  readonly unchanged: number;
}

/** Reviewers read by namespace, then kind, then name. */
function reviewOrder(obj: KubeObject): string {
  return [obj.metadata.namespace ?? '', obj.kind, obj.metadata.name, obj.apiVersion].join('\0');
}

function byKey(objects: readonly KubeObject[]): Map<string, KubeObject> {
  return new Map(objects.map((obj) => [objectKey(obj), obj]));
}

/** Compares two sets of objects keyed by apiVersion/kind/namespace/name; moving or re-versioning an object is a removal plus an addition. */
export function diffObjects(base: readonly KubeObject[], head: readonly KubeObject[]): ObjectDiff {
  const before = byKey(base);
  const after = byKey(head);
  const order = (key: string) => reviewOrder((before.get(key) ?? after.get(key))!);
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => compareStrings(order(a), order(b)));
  const added: KubeObject[] = [];
  const removed: KubeObject[] = [];
  const changed: ChangedObject[] = [];
  let unchanged = 0;
  for (const key of keys) {
    const old = before.get(key);
    const now = after.get(key);
    if (!old) added.push(now!);
    else if (!now) removed.push(old);
    else {
      const changes = fieldChanges(old, now);
      if (changes.length > 0) changed.push({ before: old, after: now, changes });
      else unchanged++;
    }
  }
  return { added, removed, changed, unchanged };
}

/** True when the two renders of an environment hold the same objects with the same content. */
export function isEmptyDiff(diff: ObjectDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}
