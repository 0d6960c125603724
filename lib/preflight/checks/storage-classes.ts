import { fieldsWithValue, STORAGE_CLASS_FIELDS } from '../config-fields';
import { Check, describeObject, Finding, RenderedObject, unknownFinding } from '../finding';

/** Annotation that marks the default StorageClass (and its pre-1.x beta spelling, still honoured). */
const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

/** Claims of the render by StorageClass name; `undefined` is "the cluster's default class". */
function claimsByClass(objects: readonly RenderedObject[]): Map<string | undefined, string[]> {
  const claims = new Map<string | undefined, string[]>();
  for (const object of objects) {
    const specs = object.kind === 'PersistentVolumeClaim' ? [object.spec] : (object.spec?.volumeClaimTemplates ?? []).map((t: any) => t.spec);
    for (const spec of specs) {
      const name: string | undefined = spec?.storageClassName ?? undefined;
      claims.set(name, [...(claims.get(name) ?? []), describeObject(object)]);
    }
  }
  return claims;
}

/** Every StorageClass the render's claims name exists; claims without one need a default class. */
export const storageClassesCheck: Check = ({ config, objects, kube }) => {
  const claims = claimsByClass(objects);
  if (claims.size === 0) return [];
  const read = kube.get({ resource: 'storageclasses.storage.k8s.io' });
  return [...claims.entries()].map(([name, usedBy]): Finding => {
    const fields = fieldsWithValue(config, STORAGE_CLASS_FIELDS, name);
    const base = { check: 'storage-class', subject: name ? `StorageClass ${name}` : 'default StorageClass', fields };
    if (read.kind === 'unknown') return unknownFinding(base, read);
    const classes: any[] = read.kind === 'found' ? read.value.items : [];
    if (name) {
      return classes.some(c => c.metadata.name === name)
        ? { ...base, status: 'ok', detail: `exists; used by ${usedBy.join(', ')}` }
        : { ...base, status: 'missing', detail: `not found (classes: ${classes.map(c => c.metadata.name).join(', ') || 'none'}); used by ${usedBy.join(', ')}`, fix: `create it, or set ${fields.join(', ') || 'the claim\'s class'} to an existing class` };
    }
    const defaults = classes.filter(c => DEFAULT_CLASS_ANNOTATIONS.some(a => c.metadata.annotations?.[a] === 'true'));
    return defaults.length > 0
      ? { ...base, status: 'ok', detail: `${defaults.map(c => c.metadata.name).join(', ')}; used by ${usedBy.join(', ')}` }
      : { ...base, status: 'missing', detail: `no class is annotated ${DEFAULT_CLASS_ANNOTATIONS[0]}=true (classes: ${classes.map(c => c.metadata.name).join(', ') || 'none'}); claims of ${usedBy.join(', ')} stay Pending`, fix: `mark a class as default, or set ${fields.join(', ')} to an existing class` };
  });
};
