import { Check, unknownFinding } from '../finding';

/**
 * NodeLocal DNSCache as the Kubernetes addon deploys it (kubernetes/kubernetes
 * `cluster/addons/dns/nodelocaldns/nodelocaldns.yaml`): a hostNetwork DaemonSet labelled `k8s-app: node-local-dns`
 * in kube-system whose `node-cache` container answers on the addresses of its `-localip` argument (the link-local
 * 169.254.20.10 and, in iptables mode, the kube-dns Service IP). Pods then send DNS to their node: a policy that
 * only allows the DNS pods drops every lookup.
 */
export const NODE_LOCAL_DNS = { namespace: 'kube-system', selector: 'k8s-app=node-local-dns', addressArgument: '-localip' } as const;

/** The `-localip` addresses of a DaemonSet's containers (`-localip a,b` or `-localip=a,b`). */
export function localAddresses(daemonSet: any): string[] {
  const addresses: string[] = (daemonSet.spec?.template?.spec?.containers ?? []).flatMap((container: any): string[] => {
    const args: string[] = [...(container.command ?? []), ...(container.args ?? [])];
    return args.flatMap((arg, i) => {
      if (arg === NODE_LOCAL_DNS.addressArgument) return (args[i + 1] ?? '').split(',');
      return arg.startsWith(`${NODE_LOCAL_DNS.addressArgument}=`) ? arg.slice(NODE_LOCAL_DNS.addressArgument.length + 1).split(',') : [];
    });
  });
  return [...new Set(addresses.map(a => a.trim()).filter(Boolean))];
}

/**
 * When the cluster runs NodeLocal DNSCache, every address it answers on is in `cluster.dns.nodeLocalAddresses`,
 * so each namespace's DNS rule allows it.
 */
export const nodeLocalDnsCheck: Check = ({ config, kube }) => {
  const configured = config.cluster.dns.nodeLocalAddresses;
  const base = { check: 'node-local-dns', subject: 'NodeLocal DNSCache', fields: ['cluster.dns.nodeLocalAddresses'] };
  const read = kube.get({ resource: 'daemonsets.apps', namespace: NODE_LOCAL_DNS.namespace, selector: NODE_LOCAL_DNS.selector });
  if (read.kind === 'unknown') return [unknownFinding(base, read)];
  const daemonSets: any[] = read.kind === 'found' ? read.value.items : [];
  if (daemonSets.length === 0) {
    return [{ ...base, status: 'ok', detail: configured.length > 0 ? `not running; the DNS rule also allows ${configured.join(', ')}, which is harmless` : 'not running: pods query the DNS pods' }];
  }
  const answering = [...new Set(daemonSets.flatMap(localAddresses))];
  if (answering.length === 0) {
    return [{ ...base, status: 'unverified', detail: `DaemonSet ${daemonSets.map(d => d.metadata.name).join(', ')} runs, but no ${NODE_LOCAL_DNS.addressArgument} argument names its addresses`, fix: 'read the addresses it binds from its configuration and list them in cluster.dns.nodeLocalAddresses' }];
  }
  const absent = answering.filter(address => !configured.includes(address));
  if (absent.length > 0) {
    return [{ ...base, status: 'missing', detail: `answers on ${answering.join(', ')}; the DNS rule does not allow ${absent.join(', ')}, so pods' lookups are dropped`, fix: `set cluster.dns.nodeLocalAddresses to [${answering.map(a => `'${a}'`).join(', ')}]` }];
  }
  return [{ ...base, status: 'ok', detail: `answers on ${answering.join(', ')}, all allowed` }];
};
