import { Kube } from '../kubectl';
import { Check, Finding, unknownFinding } from '../finding';
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
 * Cilium gives the API server's addresses (and nodes') an identity of their own, which `ipBlock` rules do not
 * select unless its `policy-cidr-match-mode` includes `nodes` (cilium-cli reads it from the `cilium-config`
 * ConfigMap the same way, `strings.Contains(..., "nodes")`; Cilium's docs, PR 28421).
 */
export const CILIUM_CIDR_MATCH = { configMap: 'cilium-config', key: 'policy-cidr-match-mode', nodes: 'nodes' } as const;

/**
 * Something on the cluster enforces NetworkPolicy. Recognised by name only, so an unrecognised plugin is
 * unverified, never missing: the finding says what to confirm. Under Cilium, the render's `ipBlock` rules to the
 * API server also need Cilium to match nodes by CIDR.
 */
export const networkPolicyCheck: Check = ({ config, objects, kube }) => {
  const base = { check: 'network-policy', subject: 'NetworkPolicy enforcement', fields: [] };
  const daemonSets: string[] = [];
  for (const namespace of NETWORK_PLUGIN_NAMESPACES) {
    const read = kube.get({ resource: 'daemonsets.apps', namespace });
    if (read.kind === 'found') daemonSets.push(...read.value.items.map((d: any) => `${namespace}/${d.metadata.name}`));
  }
  const nameOf = (qualified: string) => qualified.slice(qualified.indexOf('/') + 1);
  const enforcing = daemonSets.filter(d => nameOf(d) in ENFORCING).sort(compareStrings);
  if (enforcing.length > 0) {
    const found: Finding = { ...base, status: 'ok', detail: `enforced by ${enforcing.map(d => `${ENFORCING[nameOf(d)]} (DaemonSet ${d})`).join(', ')}` };
    const cilium = enforcing.find(d => nameOf(d) === 'cilium');
    const reachesApiServer = objects.some(o => o.kind === 'NetworkPolicy' && (o.spec.egress ?? []).some((rule: any) =>
      (rule.to ?? []).some((peer: any) => config.cluster.apiServer.cidrs.includes(peer.ipBlock?.cidr))));
    return cilium && reachesApiServer ? [found, ciliumCidrMatch(kube, cilium.slice(0, cilium.indexOf('/')))] : [found];
  }
  const routingOnly = daemonSets.filter(d => nameOf(d) in NOT_ENFORCING).map(d => `${NOT_ENFORCING[nameOf(d)]} (DaemonSet ${d}) does not enforce it`);
  return [{
    ...base,
    status: 'unverified',
    detail: routingOnly.length > 0 ? `${routingOnly.join('; ')}, and no plugin that does was found` : `no known enforcing plugin among the DaemonSets in ${NETWORK_PLUGIN_NAMESPACES.join(', ')}`,
    fix: 'confirm that the network plugin enforces NetworkPolicy: without it every default-deny and flow policy of this render is stored and ignored',
  }];
};

/** Whether Cilium (agents in `namespace`) lets the render's `ipBlock` rules select the API server. */
function ciliumCidrMatch(kube: Kube, namespace: string): Finding {
  const base = { check: 'network-policy', subject: 'API server reachable by ipBlock under Cilium', fields: ['cluster.apiServer.cidrs'] };
  const read = kube.get({ resource: 'configmaps', namespace, name: CILIUM_CIDR_MATCH.configMap });
  if (read.kind === 'unknown') return unknownFinding(base, read);
  const mode: string = read.kind === 'found' ? read.value.data?.[CILIUM_CIDR_MATCH.key] ?? '' : '';
  if (mode.includes(CILIUM_CIDR_MATCH.nodes)) return { ...base, status: 'ok', detail: `${CILIUM_CIDR_MATCH.key}: ${mode}` };
  return {
    ...base,
    status: 'missing',
    detail: `${CILIUM_CIDR_MATCH.key} is ${mode ? `"${mode}"` : 'unset'} in ${namespace}/${CILIUM_CIDR_MATCH.configMap}: Cilium does not match the API server by CIDR, so Fluentd, Jenkins and the setup Jobs cannot reach it`,
    fix: `set ${CILIUM_CIDR_MATCH.key}: ${CILIUM_CIDR_MATCH.nodes} (Helm: policyCIDRMatchMode: [nodes]) and restart the Cilium agents; or allow those pods with a CiliumNetworkPolicy toEntities: [kube-apiserver], which this check does not read`,
  };
}
