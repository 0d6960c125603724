import { Check } from '../finding';
import { compareStrings } from '../../core/compare';

/**
 * Network plugins that enforce NetworkPolicy, by the DaemonSet their node agent runs as in their own install
 * manifests. Without one, every default-deny and flow policy the render holds is stored and ignored.
 */
const ENFORCING: Readonly<Record<string, string>> = {
  'calico-node': 'Calico',
  canal: 'Canal (Calico policy on flannel)',
  cilium: 'Cilium',
  anetd: 'GKE Dataplane V2 (Cilium)',
  'antrea-agent': 'Antrea',
  'kube-router': 'kube-router',
  'weave-net': 'Weave Net',
  'azure-npm': 'Azure Network Policy Manager',
  'kube-network-policies': 'kube-network-policies',
};

/** Plugins that route pod traffic but do not enforce NetworkPolicy themselves (flannel's README says so). */
const NOT_ENFORCING: Readonly<Record<string, string>> = { 'kube-flannel-ds': 'flannel' };

/** Where those agents run: kube-system for most manifests, calico-system under the Tigera operator, kube-flannel for flannel. */
export const NETWORK_PLUGIN_NAMESPACES = ['kube-system', 'calico-system', 'kube-flannel'] as const;

/**
 * Something on the cluster enforces NetworkPolicy. Recognised by name only, so an unrecognised plugin is
 * unverified, never missing: the finding says what to confirm.
 */
export const networkPolicyCheck: Check = ({ kube }) => {
  const base = { check: 'network-policy', subject: 'NetworkPolicy enforcement', fields: [] };
  const daemonSets: string[] = [];
  for (const namespace of NETWORK_PLUGIN_NAMESPACES) {
    const read = kube.get({ resource: 'daemonsets.apps', namespace });
    if (read.kind === 'found') daemonSets.push(...read.value.items.map((d: any) => `${namespace}/${d.metadata.name}`));
  }
  const nameOf = (qualified: string) => qualified.slice(qualified.indexOf('/') + 1);
  const enforcing = daemonSets.filter(d => nameOf(d) in ENFORCING).sort(compareStrings);
  if (enforcing.length > 0) {
    return [{ ...base, status: 'ok', detail: `enforced by ${enforcing.map(d => `${ENFORCING[nameOf(d)]} (DaemonSet ${d})`).join(', ')}` }];
  }
  const routingOnly = daemonSets.filter(d => nameOf(d) in NOT_ENFORCING).map(d => `${NOT_ENFORCING[nameOf(d)]} (DaemonSet ${d}) does not enforce it`);
  return [{
    ...base,
    status: 'unverified',
    detail: routingOnly.length > 0 ? `${routingOnly.join('; ')}, and no plugin that does was found` : `no known enforcing plugin among the DaemonSets in ${NETWORK_PLUGIN_NAMESPACES.join(', ')}`,
    fix: 'confirm that the network plugin enforces NetworkPolicy: without it every default-deny and flow policy of this render is stored and ignored',
  }];
};
