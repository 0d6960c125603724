import { isDeepStrictEqual } from 'util';
import { NAMESPACE_NAME_LABEL } from '../../core/platform-keys';
import { Kube } from '../kubectl';
import { Check, Finding, labelSelector, RenderedObject, unknownFinding } from '../finding';
import { EnvironmentConfig } from '../../config/schema';

/** Pods in a namespace the render does not create, selected by its NetworkPolicies (ingress controller, cluster DNS, cert-manager). */
export interface ForeignPods {
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
  /** Policies selecting them. */
  readonly policies: string[];
}

/** Every (namespace, pod labels) pair the rendered NetworkPolicies allow traffic with, outside the rendered namespaces. */
export function foreignPods(objects: readonly RenderedObject[]): ForeignPods[] {
  const rendered = new Set(objects.filter(o => o.kind === 'Namespace').map(o => o.metadata.name));
  const found = new Map<string, ForeignPods>();
  for (const policy of objects.filter(o => o.kind === 'NetworkPolicy')) {
    const peers = [...(policy.spec.ingress ?? []).flatMap((r: any) => r.from ?? []), ...(policy.spec.egress ?? []).flatMap((r: any) => r.to ?? [])];
    for (const peer of peers) {
      const namespace: string | undefined = peer.namespaceSelector?.matchLabels?.[NAMESPACE_NAME_LABEL];
      const podLabels = peer.podSelector?.matchLabels;
      if (!namespace || !podLabels || rendered.has(namespace)) continue;
      const key = JSON.stringify([namespace, podLabels]);
      if (!found.has(key)) found.set(key, { namespace, podLabels, policies: [] });
      found.get(key)!.policies.push(`${policy.metadata.namespace}/${policy.metadata.name}`);
    }
  }
  return [...found.values()];
}

/** The config fields that put these pods into the policies. */
function fieldsFor(config: EnvironmentConfig, pods: ForeignPods): { namespace: string[]; labels: string[] } {
  const sources = [
    { prefix: 'ingress', namespace: config.ingress.controllerNamespace, labels: config.ingress.controllerPodLabels, ns: 'controllerNamespace', pl: 'controllerPodLabels' },
    { prefix: 'cluster.dns', namespace: config.cluster.dns.namespace, labels: config.cluster.dns.podLabels, ns: 'namespace', pl: 'podLabels' },
    { prefix: 'cluster.certManager', namespace: config.cluster.certManager.namespace, labels: config.cluster.certManager.controllerPodLabels, ns: 'namespace', pl: 'controllerPodLabels' },
  ].filter(s => s.namespace === pods.namespace && isDeepStrictEqual({ ...s.labels }, { ...pods.podLabels }));
  return { namespace: sources.map(s => `${s.prefix}.${s.ns}`), labels: sources.map(s => `${s.prefix}.${s.pl}`) };
}

/** Label sets of the pods a namespace does have, to show what the selector could be. */
function labelsInNamespace(kube: Kube, namespace: string): string {
  const read = kube.get({ resource: 'pods', namespace });
  if (read.kind !== 'found') return '';
  const sets = [...new Set(read.value.items.map((p: any) => labelSelector(p.metadata.labels ?? {})))].slice(0, 3);
  return sets.length ? ` (pods there carry: ${sets.join(' | ')})` : ' (no pods there)';
}

/**
 * The namespaces and pods the policies select outside the render exist: a wrong namespace or label
 * silently blocks that traffic (no Ingress answers, no DNS).
 */
export const selectedPodsCheck: Check = ({ config, objects, kube }) => foreignPods(objects).flatMap((pods): Finding[] => {
  const fields = fieldsFor(config, pods);
  const selector = labelSelector(pods.podLabels);
  const namespaceBase = { check: 'selected-pods', subject: `namespace ${pods.namespace}`, fields: fields.namespace };
  const podsBase = { check: 'selected-pods', subject: `pods ${pods.namespace}/${selector}`, fields: fields.labels };
  const namespace = kube.get({ resource: 'namespaces', name: pods.namespace });
  if (namespace.kind === 'unknown') return [unknownFinding(namespaceBase, namespace)];
  if (namespace.kind === 'notFound') {
    return [{ ...namespaceBase, status: 'missing', detail: `not found; selected by ${pods.policies.length} policies`, fix: `install the component there, or set ${fields.namespace.join(', ') || 'the namespace'} to where it runs` }];
  }
  const list = kube.get({ resource: 'pods', namespace: pods.namespace, selector });
  const podsFinding = ((): Finding => {
    if (list.kind === 'unknown') return unknownFinding(podsBase, list);
    const running = list.kind === 'found' ? list.value.items.filter((p: any) => p.status?.phase === 'Running') : [];
    if (running.length > 0) return { ...podsBase, status: 'ok', detail: `${running.length} running` };
    return { ...podsBase, status: 'missing', detail: `no running pod matches${labelsInNamespace(kube, pods.namespace)}`, fix: `set ${fields.labels.join(', ') || 'the selector'} to labels the pods carry (every label must match)` };
  })();
  return [{ ...namespaceBase, status: 'ok', detail: 'exists' }, podsFinding];
});
