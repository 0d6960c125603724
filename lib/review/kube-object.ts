import { parseAllDocuments } from 'yaml';
import { objectLabel } from '../policy/format';

/** A rendered Kubernetes object as parsed from YAML: plain data, no class behind it. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [field: string]: any };
  readonly [field: string]: any;
}

/** Identity of an object in a render: apiVersion/kind/namespace/name (namespace empty for cluster-scoped objects). */
export function objectKey(obj: KubeObject): string {
  return [obj.apiVersion, obj.kind, obj.metadata.namespace ?? '', obj.metadata.name].join('/');
}

/** Human form of an object's identity, e.g. `Deployment apps/web` (cluster-scoped: `Namespace apps`). */
export function describeObject(obj: KubeObject): string {
  return objectLabel({ kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name });
}

/**
 * Parses one multi-document YAML manifest file. Empty documents are skipped and `kind: List` is
 * flattened, as `kubectl apply` does. `source` only names the file in error messages.
 */
export function parseManifests(text: string, source: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      throw new Error(`${source}: invalid YAML: ${doc.errors[0].message}`);
    }
    const value = doc.toJS();
    if (value === null || value === undefined) continue;
    const items = value.kind === 'List' && Array.isArray(value.items) ? value.items : [value];
    for (const item of items) {
      if (typeof item?.apiVersion !== 'string' || typeof item?.kind !== 'string' || typeof item?.metadata?.name !== 'string') {
        throw new Error(`${source}: document is not a Kubernetes object (apiVersion, kind and metadata.name are required)`);
      }
      objects.push(item);
    }
  }
  return objects;
}
