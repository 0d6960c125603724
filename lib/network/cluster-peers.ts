import { IpBlockPeer, Peer, PodsPeer } from './peer';
import { EnvironmentConfig } from '../config/schema';

type ClusterConfig = EnvironmentConfig['cluster'];
type IngressConfig = EnvironmentConfig['ingress'];

/** The API server's endpoints (what egress policies see after the `kubernetes` Service is translated). */
export function apiServerPeer(cluster: ClusterConfig): IpBlockPeer {
  return Peer.ipBlock('kube-apiserver', cluster.apiServer.cidrs);
}

/** Everything outside the cluster: any address except the pod and service networks. */
export function internetPeer(cluster: ClusterConfig): IpBlockPeer {
  return Peer.ipBlock('internet', ['0.0.0.0/0'], [...cluster.podCidrs, ...cluster.serviceCidrs]);
}

/** The ingress controller's pods (a cluster prerequisite, in a namespace this platform does not manage). */
export function ingressControllerPeer(ingress: IngressConfig): PodsPeer {
  return Peer.foreign('ingress-controller', ingress.controllerNamespace, ingress.controllerPodLabels);
}
