import { KubeObject } from '../core/kube-object';
import { objectLabel } from '../policy/format';
import { isKubeObject } from '../policy/inventory';
import { parseManifestText } from '../policy/load';

/** Identity of an object in a render: apiVersion/kind/namespace/name (namespace empty for cluster-scoped objects). */
export function objectKey(obj: KubeObject): string {
  return [obj.apiVersion, obj.kind, obj.metadata.namespace ?? '', obj.metadata.name].join('/');
}

/** Human form of an object's identity, e.g. `Deployment apps/web` (cluster-scoped: `Namespace apps`). */
export function describeObject(obj: KubeObject): string {
  return objectLabel({ kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name });
}

/**
 * Parses one manifest file (see parseManifestText: empty documents skipped, Lists flattened, as `kubectl apply`
 * does). Every document must be a Kubernetes object with a name: a render holds nothing else.
 */
export function parseManifests(text: string, source: string): KubeObject[] {
  return parseManifestText(text, source).map(({ object }) => {
    if (!isKubeObject(object) || typeof object.metadata?.name !== 'string') {
      throw new Error(`${source}: document is not a Kubernetes object (apiVersion, kind and metadata.name are required)`);
    }
    return object;
  });
}
