import { EnvironmentConfig } from '../config/schema';
import { DeclaredSecret } from '../secrets/declared-secret';

type TlsConfig = EnvironmentConfig['ingress']['tls'];

/** The Secret holding a host's certificate: created by cert-manager, or by an operator with `existingSecrets`. */
export function tlsSecretName(host: string): string {
  return `${host}-tls`;
}

/** Annotations that make cert-manager's ingress-shim issue the certificate of an Ingress's `spec.tls`. */
export function tlsAnnotations(tls: TlsConfig): Record<string, string> {
  return tls.mode === 'certManager' ? { 'cert-manager.io/cluster-issuer': tls.clusterIssuer } : {};
}

/**
 * With `existingSecrets`, each host's Secret is supplied by an operator: declared as external in
 * the namespace of the Ingress that reads it, so reference checks resolve it and the bootstrap Job
 * warns while it is missing. cert-manager-issued Secrets are not declared: cert-manager owns them.
 */
export function declaredTlsSecrets(tls: TlsConfig, hostsByNamespace: ReadonlyMap<string, readonly string[]>): Map<string, DeclaredSecret[]> {
  const declared = new Map<string, DeclaredSecret[]>();
  if (tls.mode !== 'existingSecrets') return declared;
  for (const [namespace, hosts] of hostsByNamespace) {
    declared.set(namespace, hosts.map(host => DeclaredSecret.external({
      name: tlsSecretName(host),
      namespaces: [namespace],
      keys: ['tls.crt', 'tls.key'],
      description: `TLS certificate and key for https://${host}/ (kubectl create secret tls ${tlsSecretName(host)} -n ${namespace} --cert=... --key=...)`,
    })));
  }
  return declared;
}
