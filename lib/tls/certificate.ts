import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** Where cert-manager gets a certificate signed. */
export interface IssuerRef {
  /** `ClusterIssuer` (cluster-wide) or `Issuer` (same namespace as the Certificate). */
  readonly kind: 'ClusterIssuer' | 'Issuer';
  /** Name of the issuer. */
  readonly name: string;
}

/** Key usages this platform requests (cert-manager's names). */
export type KeyUsage = 'digital signature' | 'key encipherment' | 'server auth' | 'client auth';

export interface CertificateProps {
  /** Certificate name. */
  readonly name: string;
  /** Namespace of the Certificate and of the Secret cert-manager writes. */
  readonly namespace: string;
  /** Secret cert-manager writes `tls.crt`, `tls.key` and `ca.crt` into. */
  readonly secretName: string;
  /** Subject alternative names. The first one is also the common name. */
  readonly dnsNames: readonly string[];
  /** Who signs it. */
  readonly issuer: IssuerRef;
  /** @default ['digital signature', 'key encipherment', 'server auth', 'client auth'] */
  readonly usages?: readonly KeyUsage[];
  /** Go duration. @default '2160h' (90 days, cert-manager's own default, stated so it is visible) */
  readonly duration?: string;
  /** Go duration before expiry at which cert-manager renews. @default '720h' (30 days) */
  readonly renewBefore?: string;
}

/**
 * A cert-manager `Certificate` (cert-manager.io/v1) with the few fields this platform uses:
 * an RSA 2048 key that is regenerated on every renewal, PKCS#8-encoded (read by both Java and
 * Ruby/OpenSSL clients). The private key only ever exists in the cluster, in `secretName`.
 */
export class Certificate extends ApiObject {
  public readonly secretName: string;

  constructor(scope: Construct, id: string, props: CertificateProps) {
    if (props.dnsNames.length === 0) throw new Error(`Certificate "${props.name}" needs at least one DNS name`);
    super(scope, id, {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        secretName: props.secretName,
        commonName: props.dnsNames[0],
        dnsNames: [...props.dnsNames],
        duration: props.duration ?? '2160h',
        renewBefore: props.renewBefore ?? '720h',
        usages: [...(props.usages ?? ['digital signature', 'key encipherment', 'server auth', 'client auth'])],
        privateKey: { algorithm: 'RSA', size: 2048, encoding: 'PKCS8', rotationPolicy: 'Always' },
        issuerRef: { group: 'cert-manager.io', kind: props.issuer.kind, name: props.issuer.name },
      },
    });
    this.secretName = props.secretName;
  }
}
