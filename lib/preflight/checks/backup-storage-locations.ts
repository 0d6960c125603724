import { VELERO } from '../../backup/velero';
import { Check, describeObject, Finding, podSpecOf, RenderedObject, unknownFinding } from '../finding';

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
 * Velero's node agent (the `node-agent` DaemonSet `velero install --use-node-agent` creates) when a pod opts a volume
 * into the file-system backup: without it the volume is not backed up, every backup ends PartiallyFailed, and
 * `velero restore create --from-schedule` only uses Completed ones (pkg/podvolume/backupper.go, v1.14.1).
 */
function nodeAgentFinding(objects: readonly RenderedObject[], namespace: string, kube: Parameters<Check>[0]['kube']): Finding[] {
  const optedIn = objects.filter(o => podSpecOf(o) && (o.spec?.template?.metadata?.annotations ?? {})[VELERO.backupVolumesAnnotation]);
  if (optedIn.length === 0) return [];
  const base = { check: 'backup-storage-location', subject: `Velero node agent (DaemonSet ${namespace}/node-agent)`, fields: ['backup.velero.enabled'] };
  const read = kube.get({ resource: 'daemonsets.apps', name: 'node-agent', namespace });
  if (read.kind === 'unknown') return [unknownFinding(base, read)];
  if (read.kind === 'notFound') {
    return [{ ...base, status: 'missing', detail: `not found; ${optedIn.map(describeObject).join(', ')} back up volumes through it`, fix: 'install Velero with its node agent (velero install --use-node-agent, or the Helm chart\'s deployNodeAgent: true)' }];
  }
  const { desiredNumberScheduled = 0, numberReady = 0 } = read.value.status ?? {};
  return [desiredNumberScheduled > 0 && numberReady === desiredNumberScheduled
    ? { ...base, status: 'ok', detail: `${numberReady}/${desiredNumberScheduled} ready` }
    : { ...base, status: 'missing', detail: `${numberReady}/${desiredNumberScheduled} ready`, fix: `kubectl -n ${namespace} describe daemonset node-agent` }];
}

/**
 * Every BackupStorageLocation the Velero Schedules write to exists in Velero's namespace and is
 * `Available` (Velero could reach the bucket at its last validation), and the node agent runs where pods opt
 * volumes into the file-system backup. The CRDs themselves are the `crd` check's (schedules.velero.io comes from
 * the render).
 */
export const backupStorageLocationsCheck: Check = ({ objects, kube }) => {
  const locations = [...storageLocations(objects).values()];
  const namespace = locations[0]?.namespace;
  return [...locations.map(location => locationFinding(location, kube)), ...namespace ? nodeAgentFinding(objects, namespace, kube) : []];
};

function locationFinding(location: { namespace: string; name: string; usedBy: string[] }, kube: Parameters<Check>[0]['kube']): Finding {
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
}
