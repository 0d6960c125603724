import { k8s } from '../core/k8s';
import { NAMESPACE_NAME_LABEL } from '../core/platform-keys';

/** A port a flow opens; TCP unless stated. */
export interface FlowPort {
  readonly port: number;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

interface PeerBase {
  /** Readable name used in policy names, e.g. `fluentd` gives `fluentd-to-elasticsearch-egress`. */
  readonly name: string;
}

/** Pods selected by labels in one namespace. */
export interface PodsPeer extends PeerBase {
  readonly kind: 'pods';
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
  /** True when this platform renders the namespace's default-deny, so its side of a flow needs a policy too. */
  readonly managed: boolean;
  /** The controller that creates these pods at run time, when no workload of the output does. */
  readonly createdBy?: string;
}

/** Every pod of a namespace this platform manages. */
export interface NamespacePeer extends PeerBase {
  readonly kind: 'namespace';
  readonly namespace: string;
  readonly managed: true;
}

/** Addresses outside the cluster's pod network (the API server's endpoints, the internet, a registry). */
export interface IpBlockPeer extends PeerBase {
  readonly kind: 'ipBlock';
  readonly cidrs: readonly string[];
  readonly except: readonly string[];
}

export type Peer = PodsPeer | NamespacePeer | IpBlockPeer;

/** Constructors for the peers a NetworkFlow connects. */
export const Peer = {
  /** Pods of a workload in a namespace this platform manages. */
  workload(name: string, namespace: string, podLabels: Record<string, string>): PodsPeer {
    return { kind: 'pods', name, namespace, podLabels, managed: true };
  },
  /** Pods a controller creates at run time in a managed namespace (e.g. cert-manager's ACME solver). */
  runtimePods(name: string, namespace: string, podLabels: Record<string, string>, createdBy: string): PodsPeer {
    return { kind: 'pods', name, namespace, podLabels, managed: true, createdBy };
  },
  /** Pods in a namespace the platform does not manage (ingress controller, cluster DNS): only our side gets a policy. */
  foreign(name: string, namespace: string, podLabels: Record<string, string>): PodsPeer {
    return { kind: 'pods', name, namespace, podLabels, managed: false };
  },
  /** All pods of a managed namespace. */
  namespace(namespace: string, name = namespace): NamespacePeer {
    return { kind: 'namespace', name, namespace, managed: true };
  },
  /** Addresses outside the pod network, e.g. the API server's endpoints or the internet. */
  ipBlock(name: string, cidrs: readonly string[], except: readonly string[] = []): IpBlockPeer {
    return { kind: 'ipBlock', name, cidrs, except };
  },
};

/** The rule entries that select `peer`, seen from a policy living in `policyNamespace`. */
export function policyPeers(peer: Peer, policyNamespace: string): k8s.NetworkPolicyPeer[] {
  switch (peer.kind) {
    case 'ipBlock':
      return peer.cidrs.map(cidr => ({ ipBlock: { cidr, except: peer.except.length ? [...peer.except] : undefined } }));
    case 'namespace':
      return [{ namespaceSelector: namespaceSelector(peer.namespace) }];
    case 'pods':
      return [{
        // A bare podSelector means "this policy's namespace"; say the namespace only when it differs.
        namespaceSelector: peer.namespace === policyNamespace ? undefined : namespaceSelector(peer.namespace),
        podSelector: { matchLabels: { ...peer.podLabels } },
      }];
  }
}

/** Selects a namespace by the label the API server sets on every namespace (immutable, cannot be forged by tenants). */
export function namespaceSelector(namespace: string): k8s.LabelSelector {
  return { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } };
}

export function policyPorts(ports: readonly FlowPort[]): k8s.NetworkPolicyPort[] | undefined {
  if (ports.length === 0) return undefined;
  return ports.map(p => ({ port: k8s.IntOrString.fromNumber(p.port), protocol: p.protocol ?? 'TCP' }));
}
