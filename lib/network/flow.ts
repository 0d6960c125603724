import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { FlowPort, Peer, policyPeers, policyPorts } from './peer';
import { EXTERNAL_NAMESPACES_ANNOTATION, RUNTIME_PODS_ANNOTATION } from '../core/platform-keys';

export interface NetworkFlowProps {
  /** Who opens the connection. */
  readonly from: Peer;
  /** Who accepts it. */
  readonly to: Peer;
  /**
   * Destination ports (on the pods, not on a Service: policies see traffic after Service translation).
   * @default - every port
   */
  readonly ports?: readonly (number | FlowPort)[];
  /**
   * Stem of the policy names.
   * @default `<from.name>-to-<to.name>`
   */
  readonly name?: string;
}

/**
 * "`from` may talk to `to` on these ports", under default-deny on both sides: an egress policy in
 * the sender's namespace and an ingress policy in the receiver's, each only where this platform
 * manages the namespace. Policies are named `<stem>-egress` and `<stem>-ingress`.
 */
export class NetworkFlow extends Construct {
  /** The egress policy in the sender's namespace, if the sender is managed. */
  public readonly egressPolicy?: k8s.KubeNetworkPolicy;
  /** The ingress policy in the receiver's namespace, if the receiver is managed. */
  public readonly ingressPolicy?: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: NetworkFlowProps) {
    super(scope, id);
    const { from, to } = props;
    const stem = props.name ?? `${from.name}-to-${to.name}`;
    const ports = policyPorts((props.ports ?? []).map(p => typeof p === 'number' ? { port: p } : p));

    if (from.kind !== 'ipBlock' && from.managed) {
      this.egressPolicy = new k8s.KubeNetworkPolicy(this, 'egress', {
        metadata: { name: `${stem}-egress`, namespace: from.namespace, annotations: policyAnnotations(from, to) },
        spec: {
          podSelector: podSelectorOf(from),
          policyTypes: ['Egress'],
          egress: [{ to: policyPeers(to, from.namespace), ports }],
        },
      });
    }
    if (to.kind !== 'ipBlock' && to.managed) {
      this.ingressPolicy = new k8s.KubeNetworkPolicy(this, 'ingress', {
        metadata: { name: `${stem}-ingress`, namespace: to.namespace, annotations: policyAnnotations(to, from) },
        spec: {
          podSelector: podSelectorOf(to),
          policyTypes: ['Ingress'],
          ingress: [{ from: policyPeers(from, to.namespace), ports }],
        },
      });
    }
    if (!this.egressPolicy && !this.ingressPolicy) {
      throw new Error(`NetworkFlow ${stem}: neither "${from.name}" nor "${to.name}" is in a namespace this platform manages, so no policy would be rendered`);
    }
  }
}

/**
 * What the guardrails cannot see in the output, said on the policy of `own` towards `other`: who creates the selected
 * pods when no workload of the output does, and the namespace of a peer this platform does not manage.
 */
function policyAnnotations(own: Exclude<Peer, { kind: 'ipBlock' }>, other: Peer): Record<string, string> | undefined {
  const annotations: Record<string, string> = {};
  if (own.kind === 'pods' && own.createdBy) annotations[RUNTIME_PODS_ANNOTATION] = own.createdBy;
  if (other.kind !== 'ipBlock' && !other.managed) annotations[EXTERNAL_NAMESPACES_ANNOTATION] = other.namespace;
  return Object.keys(annotations).length > 0 ? annotations : undefined;
}

function podSelectorOf(peer: Exclude<Peer, { kind: 'ipBlock' }>): k8s.LabelSelector {
  return peer.kind === 'namespace' ? {} : { matchLabels: { ...peer.podLabels } };
}
