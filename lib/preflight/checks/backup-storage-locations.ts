import { Check, describeObject, Finding, RenderedObject, unknownFinding } from '../finding';

/** Config field that names the BackupStorageLocation of the Velero Schedules. */
const STORAGE_LOCATION_FIELD = 'backup.velero.storageLocation';

/** The BackupStorageLocations the render's Velero Schedules write to, with the Schedules using each, by `namespace/name`. */
function storageLocations(objects: readonly RenderedObject[]): Map<string, { namespace: string; name: string; usedBy: string[] }> {
  const locations = new Map<string, { namespace: string; name: string; usedBy: string[] }>();
  for (const object of objects.filter(o => o.apiVersion.startsWith('velero.io/') && o.kind === 'Schedule')) {
    // Velero's own default when a Schedule names none.
    const name: string = object.spec?.template?.storageLocation ?? 'default';
    const namespace = object.metadata.namespace ?? 'velero';
    const key = `${namespace}/${name}`;
    if (!locations.has(key)) locations.set(key, { namespace, name, usedBy: [] });
    locations.get(key)!.usedBy.push(describeObject(object));
  }
  return locations;
}

/**
 * Every BackupStorageLocation the Velero Schedules write to exists in Velero's namespace and is
 * `Available` (Velero could reach the bucket at its last validation). The CRDs themselves are the
 * `crd` check's (schedules.velero.io comes from the render).
 */
export const backupStorageLocationsCheck: Check = ({ objects, kube }) => [...storageLocations(objects).values()].map((location): Finding => {
  const base = { check: 'backup-storage-location', subject: `BackupStorageLocation ${location.namespace}/${location.name}`, fields: [STORAGE_LOCATION_FIELD] };
  const read = kube.get({ resource: 'backupstoragelocations.velero.io', name: location.name, namespace: location.namespace });
  if (read.kind === 'unknown') return unknownFinding(base, read);
  if (read.kind === 'notFound') {
    return { ...base, status: 'missing', detail: `not found; used by ${location.usedBy.join(', ')}`, fix: `install Velero with a storage location named "${location.name}" (velero backup-location create), or set ${STORAGE_LOCATION_FIELD}` };
  }
  const phase = read.value.status?.phase;
  if (phase !== 'Available') {
    return { ...base, status: 'missing', detail: `phase ${phase ?? 'unknown'}${read.value.status?.message ? `: ${read.value.status.message}` : ''}`, fix: `fix the location's bucket or credentials (velero backup-location get ${location.name} -n ${location.namespace})` };
  }
  return { ...base, status: 'ok', detail: `Available; used by ${location.usedBy.join(', ')}` };
});
