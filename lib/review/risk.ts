import { formatPath, PathSegment, pathStartsWith } from './field-changes';
import { KubeObject } from '../core/kube-object';
import { ChangedObject, ObjectDiff } from './object-diff';
import { quantityValue } from '../core/quantity';

/**
 * - `refused`: the API server rejects the update; the object has to be deleted and recreated.
 * - `unsafe`: the change applies but can lose data or everything in a namespace.
 */
export type RiskSeverity = 'refused' | 'unsafe';

/** A change that needs a human's care before it is applied. */
export interface RiskFlag {
  readonly severity: RiskSeverity;
  readonly object: KubeObject;
  /** The field concerned, for changes (absent for deletions). */
  readonly path?: string;
  readonly reason: string;
}

/** Fields the API server refuses to change after creation (Kubernetes 1.27). */
interface ImmutableField {
  readonly group: string;
  readonly kind: string;
  readonly path: readonly string[];
  readonly reason: string;
  /** Changes under `path` the API server discards, so they change nothing. @default - none */
  readonly discarded?: (path: readonly PathSegment[]) => boolean;
}

const RECREATE = 'the API server refuses the update; the object must be deleted and recreated';

const IMMUTABLE_FIELDS: readonly ImmutableField[] = [
  ...['Deployment', 'StatefulSet', 'DaemonSet'].map((kind) => ({
    group: 'apps', kind, path: ['spec', 'selector'], reason: `the selector of a ${kind} is immutable: ${RECREATE}`,
  })),
  { group: 'apps', kind: 'StatefulSet', path: ['spec', 'volumeClaimTemplates'], reason: `volumeClaimTemplates are immutable: ${RECREATE} (existing PVCs keep their old spec)`,
    // A template's apiVersion and kind are cleared on the way in and set on the way out (kubernetes
    // pkg/apis/apps/v1/conversion.go, issue 87583): adding or dropping them is no update at all.
    discarded: (path) => path.length === 4 && (path[3] === 'apiVersion' || path[3] === 'kind') },
  { group: 'apps', kind: 'StatefulSet', path: ['spec', 'serviceName'], reason: `serviceName is immutable: ${RECREATE}` },
  { group: 'apps', kind: 'StatefulSet', path: ['spec', 'podManagementPolicy'], reason: `podManagementPolicy is immutable: ${RECREATE}` },
  { group: '', kind: 'Service', path: ['spec', 'clusterIP'], reason: `clusterIP is immutable: ${RECREATE}, and clients holding the old IP break` },
  { group: '', kind: 'Service', path: ['spec', 'clusterIPs'], reason: `clusterIPs are immutable: ${RECREATE}` },
  { group: 'batch', kind: 'Job', path: ['spec', 'template'], reason: `the pod template of a Job is immutable: ${RECREATE}` },
  { group: 'batch', kind: 'Job', path: ['spec', 'selector'], reason: `the selector of a Job is immutable: ${RECREATE}` },
];

/** Deleting these loses data whatever namespace they live in. */
const DATA_KINDS: Readonly<Record<string, string>> = {
  PersistentVolumeClaim: 'deleting a PersistentVolumeClaim releases its volume (deleted under the default reclaim policy)',
  PersistentVolume: 'deleting a PersistentVolume can delete the data on it',
  StatefulSet: 'deleting a StatefulSet stops its stateful pods; its PVCs are orphaned',
  Namespace: 'deleting a Namespace deletes every object in it, PVCs included',
};

function group(obj: KubeObject): string {
  const slash = obj.apiVersion.indexOf('/');
  return slash < 0 ? '' : obj.apiVersion.slice(0, slash);
}

/** Namespaces that hold data in a render: they contain a PVC or a StatefulSet with volumeClaimTemplates. */
export function dataNamespaces(objects: readonly KubeObject[]): Set<string> {
  const namespaces = new Set<string>();
  for (const obj of objects) {
    const holdsData = obj.kind === 'PersistentVolumeClaim'
      || (obj.kind === 'StatefulSet' && (obj.spec?.volumeClaimTemplates?.length ?? 0) > 0);
    if (holdsData && obj.metadata.namespace) namespaces.add(obj.metadata.namespace);
  }
  return namespaces;
}

function immutableFieldFlags(change: ChangedObject): RiskFlag[] {
  const { after } = change;
  return IMMUTABLE_FIELDS
    .filter((field) => field.kind === after.kind && field.group === group(after))
    .filter((field) => change.changes.some((c) => pathStartsWith(c.path, field.path) && !field.discarded?.(c.path)))
    .map((field) => ({ severity: 'refused', object: after, path: formatPath(field.path), reason: field.reason }));
}

/** A bound claim's spec is immutable except for growing `resources.requests.storage`. */
function claimFlags(change: ChangedObject): RiskFlag[] {
  const { before, after } = change;
  if (after.kind !== 'PersistentVolumeClaim' || group(after) !== '') return [];
  const flags: RiskFlag[] = [];
  const storage = ['spec', 'resources', 'requests', 'storage'];
  for (const c of change.changes) {
    if (!pathStartsWith(c.path, ['spec'])) continue;
    if (pathStartsWith(c.path, storage)) {
      const oldSize = quantityValue(before.spec?.resources?.requests?.storage);
      const newSize = quantityValue(after.spec?.resources?.requests?.storage);
      if (oldSize !== undefined && newSize !== undefined && newSize < oldSize) {
        flags.push({ severity: 'refused', object: after, path: formatPath(storage), reason: 'a PersistentVolumeClaim cannot shrink: the API server refuses a smaller storage request' });
      }
    } else if (pathStartsWith(c.path, ['spec', 'storageClassName'])) {
      flags.push({ severity: 'refused', object: after, path: formatPath(c.path), reason: 'the storage class of a PersistentVolumeClaim is immutable: migrating means a new claim and copying the data' });
    } else {
      flags.push({ severity: 'refused', object: after, path: formatPath(c.path), reason: 'a PersistentVolumeClaim spec is immutable except for growing its storage request' });
    }
  }
  return flags;
}

function deletionFlag(obj: KubeObject, holdingData: ReadonlySet<string>): RiskFlag | undefined {
  const reason = DATA_KINDS[obj.kind];
  if (reason) return { severity: 'unsafe', object: obj, reason };
  const ns = obj.metadata.namespace;
  if (ns && holdingData.has(ns)) {
    return { severity: 'unsafe', object: obj, reason: `namespace ${ns} holds data (PVCs or StatefulSet volumes): check nothing stateful depends on this object` };
  }
  return undefined;
}

/** Changes that the API server will refuse or that can lose data. `base` is the whole base render of the environment. */
export function assessRisks(diff: ObjectDiff, base: readonly KubeObject[]): RiskFlag[] {
  const holdingData = dataNamespaces(base);
  return [
    ...diff.changed.flatMap((change) => [...immutableFieldFlags(change), ...claimFlags(change)]),
    ...diff.removed.flatMap((obj) => deletionFlag(obj, holdingData) ?? []),
  ];
}
