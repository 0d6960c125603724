import { CLUSTER_PEER_NAME } from './cluster-peer-names';
import { IpBlockPeer, Peer, PodsPeer } from './peer';

/** Where the API server's endpoints live (what egress policies see after the `kubernetes` Service is translated). */
export interface ApiServerEndpoints {
  readonly apiServer: {
    /** Endpoint address ranges. */
    readonly cidrs: readonly string[];
  };
}

/** The cluster's own address ranges. */
export interface ClusterNetworks {
  /** Pod network ranges. */
  readonly podCidrs: readonly string[];
  /** Service network ranges. */
  readonly serviceCidrs: readonly string[];
}

/** Where the ingress controller's pods run and how they are labelled. */
export interface IngressControllerPods {
  /** Its namespace (a cluster prerequisite, not managed by this platform). */
  readonly controllerNamespace: string;
  /** Labels of its pods. */
  readonly controllerPodLabels: Readonly<Record<string, string>>;
}

/** The API server's endpoints. */
export function apiServerPeer(cluster: ApiServerEndpoints): IpBlockPeer {
  return Peer.ipBlock(CLUSTER_PEER_NAME.apiServer, cluster.apiServer.cidrs);
}

/** Everything outside the cluster: any address except the pod and service networks. */
export function internetPeer(cluster: ClusterNetworks): IpBlockPeer {
  return Peer.ipBlock(CLUSTER_PEER_NAME.internet, ['0.0.0.0/0'], [...cluster.podCidrs, ...cluster.serviceCidrs]);
}

/** The ingress controller's pods (a cluster prerequisite, in a namespace this platform does not manage). */
export function ingressControllerPeer(ingress: IngressControllerPods): PodsPeer {
  return Peer.foreign(CLUSTER_PEER_NAME.ingressController, ingress.controllerNamespace, { ...ingress.controllerPodLabels });
}

/** Where cert-manager's controller runs. */
export interface CertManagerPods {
  /** Its namespace (a cluster prerequisite, not managed by this platform). */
  readonly namespace: string;
  /** Labels of its controller pods. */
  readonly controllerPodLabels: Readonly<Record<string, string>>;
}

/** cert-manager's controller pods (a cluster prerequisite, in a namespace this platform does not manage). */
export function certManagerPeer(certManager: CertManagerPods): PodsPeer {
  return Peer.foreign(CLUSTER_PEER_NAME.certManager, certManager.namespace, { ...certManager.controllerPodLabels });
}
