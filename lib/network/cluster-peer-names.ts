/**
 * Names of the peers outside the platform's namespaces (see cluster-peers.ts). Policy names are built
 * from peer names, so config validation reserves these; this module imports nothing so that config can.
 */
export const CLUSTER_PEER_NAME = {
  apiServer: 'kube-apiserver',
  internet: 'internet',
  ingressController: 'ingress-controller',
  certManager: 'cert-manager',
} as const;
