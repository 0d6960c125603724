import { applySetCrd, applySetParent } from './applyset';
import { BOOTSTRAP_DIR } from './bootstrap-dir';

/** File of the CRD, applied on its own before the rest of the bootstrap folder (a custom resource needs its CRD established). */
export const APPLYSET_CRD_FILE = `${BOOTSTRAP_DIR}/0000-applyset-crd.k8s.yaml`;

/** One manifest file of an environment folder: path relative to `dist/<env>/` and its objects in apply order. */
export interface ManifestFileContent {
  readonly file: string;
  readonly objects: readonly any[];
}

/** Kinds kept out of the ApplySet: deleting one deletes everything in it, data included. */
const NEVER_PRUNED = new Set(['Namespace']);

/**
 * Lays an environment's chart files out for `kubectl apply --prune --applyset`: the bootstrap folder (CRD,
 * Namespaces, parent) and the chart files without their Namespaces. The parent's metadata is computed from exactly
 * the objects of the chart files, which are what the pruned apply sends.
 */
export function pruneLayout(environment: string, charts: readonly ManifestFileContent[]): ManifestFileContent[] {
  const members = charts
    .map(({ file, objects }) => ({ file, objects: objects.filter(o => !NEVER_PRUNED.has(o.kind)) }))
    .filter(({ objects }) => objects.length > 0);
  const kept = charts.flatMap(({ objects }) => objects.filter(o => NEVER_PRUNED.has(o.kind)));
  return [
    { file: APPLYSET_CRD_FILE, objects: [applySetCrd()] },
    { file: `${BOOTSTRAP_DIR}/0001-namespaces.k8s.yaml`, objects: kept },
    { file: `${BOOTSTRAP_DIR}/0002-applyset.k8s.yaml`, objects: [applySetParent(environment, members.flatMap(m => m.objects))] },
    ...members,
  ];
}
