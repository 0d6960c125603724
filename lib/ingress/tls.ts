import { Construct } from 'constructs';
import { NetworkFlow } from '../network/flow';
import { Peer, PodsPeer } from '../network/peer';
import { DeclaredSecret, kubectlCreateSecret, TLS_SECRET_KEYS } from '../secrets/declared-secret';

/**
 * Where the certificates of the Ingress hosts come from: `certManager` has cert-manager's
 * ingress-shim issue them from a ClusterIssuer (with ACME, `challenge` says how the CA checks the
 * host; `http01` unless given); `existingSecrets` expects `<host>-tls` Secrets made by an operator.
 */
export type IngressTls =
  | { readonly mode: 'certManager'; readonly clusterIssuer: string; readonly challenge?: 'http01' | 'dns01' }
  | { readonly mode: 'existingSecrets' };

/** The Secret holding a host's certificate: created by cert-manager, or by an operator with `existingSecrets`. */
export function tlsSecretName(host: string): string {
  return `${host}-tls`;
}

/** Annotations that make cert-manager's ingress-shim issue the certificate of an Ingress's `spec.tls`. */
export function tlsAnnotations(tls: IngressTls): Record<string, string> {
  return tls.mode === 'certManager' ? { 'cert-manager.io/cluster-issuer': tls.clusterIssuer } : {};
}

/**
 * Label and port of the pods cert-manager starts to answer ACME HTTP-01 challenges, the same from v1.13.6 to
 * v1.19.6 (github.com/cert-manager/cert-manager: pkg/issuer/acme/http/pod.go `podLabels` sets
 * `SolverIdentificationLabelKey` of pkg/apis/acme/v1/types.go to "true"; pkg/issuer/acme/http/http.go
 * `acmeSolverListenPort = 8089`).
 */
export const ACME_SOLVER = { labels: { 'acme.cert-manager.io/http01-solver': 'true' }, port: 8089 } as const;

export interface AcmeSolverFlowsProps {
  /** TLS settings of the environment: flows exist only for cert-manager with HTTP-01 challenges. */
  readonly tls: IngressTls;
  /** The ingress controller's pods: the CA's requests reach the solvers through them. */
  readonly ingressController: PodsPeer;
  /** Namespaces holding Ingresses: cert-manager starts its solver next to the Ingress it validates. */
  readonly namespaces: readonly string[];
}

/**
 * For ACME HTTP-01, cert-manager starts a solver pod in each Ingress's namespace and Let's Encrypt
 * reaches it through the ingress controller; under default-deny that flow must be declared, or
 * certificates are never issued. DNS-01 needs nothing in the cluster.
 */
export class AcmeSolverFlows extends Construct {
  constructor(scope: Construct, id: string, props: AcmeSolverFlowsProps) {
    super(scope, id);
    if (props.tls.mode !== 'certManager' || (props.tls.challenge ?? 'http01') !== 'http01') return;
    const controller = props.ingressController;
    for (const namespace of props.namespaces) {
      const solver = Peer.runtimePods('acme-http01-solver', namespace, { ...ACME_SOLVER.labels }, 'cert-manager (ACME HTTP-01 solver)');
      new NetworkFlow(this, namespace, { from: controller, to: solver, ports: [ACME_SOLVER.port] });
    }
  }
}

/**
 * With `existingSecrets`, each host's Secret is supplied by an operator: declared as external in
 * the namespace of the Ingress that reads it, so reference checks resolve it and the bootstrap Job
 * warns while it is missing. cert-manager-issued Secrets are not declared: cert-manager owns them.
 */
export function declaredTlsSecrets(tls: IngressTls, hostsByNamespace: ReadonlyMap<string, readonly string[]>): Map<string, DeclaredSecret[]> {
  const declared = new Map<string, DeclaredSecret[]>();
  if (tls.mode !== 'existingSecrets') return declared;
  for (const [namespace, hosts] of hostsByNamespace) {
    declared.set(namespace, hosts.map(host => {
      const secret = { name: tlsSecretName(host), type: 'tls', keys: TLS_SECRET_KEYS } as const;
      return DeclaredSecret.external({
        ...secret,
        namespaces: [namespace],
        description: `TLS certificate and key for https://${host}/ (${kubectlCreateSecret(secret, namespace)})`,
      });
    }));
  }
  return declared;
}
