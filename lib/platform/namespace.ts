import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { POD_SECURITY_REASON_ANNOTATION } from '../core/platform-keys';
import { namespaceSelector, policyPorts } from '../network/peer';
import { POD_SECURITY_MODES, POD_SECURITY_VERSION, PodSecurityLevel, podSecurityLabel, podSecurityVersionLabel } from '../core/pod-security';

export interface PlatformNamespaceProps {
  /** Namespace name. */
  readonly name: string;
  /**
   * Pod Security level enforced, audited and warned on.
   * @default 'restricted'
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * Why the workloads of this namespace cannot meet `restricted`. Required for any weaker level,
   * and recorded on the namespace so a reviewer sees it next to the label.
   * @default - none (only allowed for `restricted`)
   */
  readonly podSecurityReason?: string;
  /**
   * Where the cluster DNS pods run: every pod of the namespace may query them on port 53.
   * @default KUBE_DNS (CoreDNS as kubeadm, kind and most distributions install it)
   */
  readonly clusterDns?: ClusterDns;
}

/** The cluster DNS pods, as a network policy selects them. */
export interface ClusterDns {
  /** Namespace of the DNS pods. */
  readonly namespace: string;
  /** Labels of the DNS pods. */
  readonly podLabels: Readonly<Record<string, string>>;
  /**
   * Addresses NodeLocal DNSCache answers on (its `-localip`), when the cluster runs it: pods then send DNS to
   * their node, so the DNS rule allows these too.
   * @default - none
   */
  readonly nodeLocalAddresses?: readonly string[];
}

/**
 * CoreDNS as kubeadm, kind and most distributions deploy it: the pods keep the `k8s-app: kube-dns`
 * label of the kube-dns addon they replaced, so Services and policies written for either match.
 */
export const KUBE_DNS: ClusterDns = { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } };

/**
 * A namespace under the platform's baseline: Pod Security admission labels, a default-deny
 * NetworkPolicy for both directions and DNS egress to the cluster DNS. Every other flow must be
 * declared with a NetworkFlow.
 */
export class PlatformNamespace extends Construct {
  public readonly name: string;
  public readonly podSecurity: PodSecurityLevel;

  constructor(scope: Construct, id: string, props: PlatformNamespaceProps) {
    super(scope, id);
    this.name = props.name;
    this.podSecurity = props.podSecurity ?? 'restricted';
    if (this.podSecurity !== 'restricted' && !props.podSecurityReason?.trim()) {
      throw new Error(`Namespace "${props.name}": Pod Security level "${this.podSecurity}" needs a podSecurityReason saying which workload requires it and why`);
    }

    const podSecurityLabels: Record<string, string> = {};
    for (const mode of POD_SECURITY_MODES) {
      podSecurityLabels[podSecurityLabel(mode)] = this.podSecurity;
      podSecurityLabels[podSecurityVersionLabel(mode)] = POD_SECURITY_VERSION;
    }
    new k8s.KubeNamespace(this, 'namespace', {
      metadata: {
        name: this.name,
        labels: podSecurityLabels,
        annotations: props.podSecurityReason ? { [POD_SECURITY_REASON_ANNOTATION]: props.podSecurityReason } : undefined,
      },
    });

    new k8s.KubeNetworkPolicy(this, 'default-deny', {
      metadata: { name: 'default-deny', namespace: this.name },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });

    const dns = props.clusterDns ?? KUBE_DNS;
    new k8s.KubeNetworkPolicy(this, 'dns', {
      metadata: { name: 'allow-dns-egress', namespace: this.name },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: [
            { namespaceSelector: namespaceSelector(dns.namespace), podSelector: { matchLabels: { ...dns.podLabels } } },
            ...(dns.nodeLocalAddresses ?? []).map(address => ({ ipBlock: { cidr: `${address}/32` } })),
          ],
          ports: policyPorts([{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }]),
        }],
      },
    });
  }
}
