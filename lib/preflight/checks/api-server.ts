import { BlockList, isIPv6 } from 'net';
import { Kube, ReadResult } from '../kubectl';
import { Check, Finding, unknownFinding } from '../finding';

/** An address and the ports the `kubernetes` Service forwards to. */
interface Endpoints { readonly addresses: string[]; readonly ports: number[] }

/** From EndpointSlices (`kubernetes.io/service-name=kubernetes`) or, where those cannot be read, the Endpoints object. */
function readEndpoints(kube: Kube): Endpoints | { unknown: Extract<ReadResult, { kind: 'unknown' }> } {
  const slices = kube.get({ resource: 'endpointslices.discovery.k8s.io', namespace: 'default', selector: 'kubernetes.io/service-name=kubernetes' });
  if (slices.kind === 'found' && slices.value.items.length > 0) {
    const items: any[] = slices.value.items;
    return {
      addresses: items.flatMap(s => (s.endpoints ?? []).flatMap((e: any) => e.addresses ?? [])),
      ports: items.flatMap(s => (s.ports ?? []).map((p: any) => p.port)),
    };
  }
  const endpoints = kube.get({ resource: 'endpoints', name: 'kubernetes', namespace: 'default' });
  if (endpoints.kind === 'unknown') return { unknown: endpoints };
  const subsets: any[] = endpoints.kind === 'found' ? endpoints.value.subsets ?? [] : [];
  return {
    addresses: subsets.flatMap(s => (s.addresses ?? []).map((a: any) => a.ip)),
    ports: subsets.flatMap(s => (s.ports ?? []).map((p: any) => p.port)),
  };
}

function blockList(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address, prefix] = cidr.split('/');
    list.addSubnet(address, Number(prefix), isIPv6(address) ? 'ipv6' : 'ipv4');
  }
  return list;
}

/**
 * The API server's endpoints (what NetworkPolicies see after the `kubernetes` Service is translated)
 * lie inside `cluster.apiServer.cidrs` on `cluster.apiServer.ports`: otherwise every pod that talks to
 * the API (Fluentd, Jenkins, the bootstrap Jobs) is blocked, and Fluentd exits at start-up.
 */
export const apiServerCheck: Check = ({ config, kube }) => {
  const { cidrs, ports } = config.cluster.apiServer;
  const addressBase = { check: 'api-server', subject: 'kubernetes Service endpoint IPs', fields: ['cluster.apiServer.cidrs'] };
  const portBase = { check: 'api-server', subject: 'kubernetes Service endpoint ports', fields: ['cluster.apiServer.ports'] };
  const endpoints = readEndpoints(kube);
  if ('unknown' in endpoints) return [unknownFinding(addressBase, endpoints.unknown), unknownFinding(portBase, endpoints.unknown)];
  if (endpoints.addresses.length === 0) {
    const detail = 'default/kubernetes has no endpoints';
    return [{ ...addressBase, status: 'unknown', detail }, { ...portBase, status: 'unknown', detail }];
  }
  const allowed = blockList(cidrs);
  const outside = endpoints.addresses.filter(ip => !allowed.check(ip, isIPv6(ip) ? 'ipv6' : 'ipv4'));
  const closed = [...new Set(endpoints.ports)].filter(p => !ports.includes(p));
  const addressFinding: Finding = outside.length === 0
    ? { ...addressBase, status: 'ok', detail: `${endpoints.addresses.join(', ')} inside ${cidrs.join(', ')}` }
    : { ...addressBase, status: 'missing', detail: `${outside.join(', ')} outside ${cidrs.join(', ')}`, fix: `add ${outside.map(ip => (isIPv6(ip) ? `${ip}/128` : `${ip}/32`)).join(', ')} (or the control plane's network) to cluster.apiServer.cidrs` };
  const portFinding: Finding = closed.length === 0
    ? { ...portBase, status: 'ok', detail: `${[...new Set(endpoints.ports)].join(', ')} in ${ports.join(', ')}` }
    : { ...portBase, status: 'missing', detail: `port ${closed.join(', ')} not in ${ports.join(', ')}`, fix: `add ${closed.join(', ')} to cluster.apiServer.ports` };
  return [addressFinding, portFinding];
};
