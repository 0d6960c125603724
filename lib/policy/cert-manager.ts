import { CheckedObject, DeclaredSecret } from './types';

/** Keys cert-manager writes into every certificate Secret (`ca.crt` when the issuer knows its CA). */
const CERTIFICATE_KEYS = ['tls.crt', 'tls.key', 'ca.crt'];
/** Extra keys per enabled `spec.keystores` format. */
const KEYSTORE_KEYS: Record<string, string[]> = { jks: ['keystore.jks', 'truststore.jks'], pkcs12: ['keystore.p12', 'truststore.p12'] };

/**
 * The Secret a cert-manager `Certificate` of the output creates in its own namespace (`spec.secretName`), so pods
 * may reference it like a rendered Secret; undefined for any other object.
 */
export function certificateSecret(obj: CheckedObject): { name: string; secret: DeclaredSecret } | undefined {
  const spec = obj.body.spec;
  if (obj.kind !== 'Certificate' || !String(obj.body.apiVersion).startsWith('cert-manager.io/')) return undefined;
  if (typeof spec?.secretName !== 'string') return undefined;
  const keys = [...CERTIFICATE_KEYS];
  for (const [format, extra] of Object.entries(KEYSTORE_KEYS)) if (spec.keystores?.[format]?.create) keys.push(...extra);
  return { name: spec.secretName, secret: { keys: new Set(keys), origin: 'cert-manager' } };
}
