import { CLUSTER_ISSUER_FIELDS, fieldsWithValue } from '../config-fields';
import { Check, describeObject, Finding, RenderedObject, unknownFinding } from '../finding';

/** cert-manager's ingress-shim annotations: an Ingress names its issuer here. */
const ISSUER_ANNOTATIONS: Readonly<Record<string, 'ClusterIssuer' | 'Issuer'>> = {
  'cert-manager.io/cluster-issuer': 'ClusterIssuer',
  'cert-manager.io/issuer': 'Issuer',
};

/** An issuer the render names but does not create. */
export interface IssuerReference {
  readonly kind: 'ClusterIssuer' | 'Issuer';
  readonly name: string;
  /** Namespace of an `Issuer`; none for a ClusterIssuer. */
  readonly namespace?: string;
  /** The rendered objects naming it. */
  readonly usedBy: string[];
}

/** Every issuer named by an Ingress annotation or a Certificate's `issuerRef` and not created by the render itself. */
export function issuerReferences(objects: readonly RenderedObject[]): IssuerReference[] {
  const references = new Map<string, IssuerReference>();
  const add = (kind: IssuerReference['kind'], name: string, namespace: string | undefined, object: RenderedObject) => {
    const ns = kind === 'Issuer' ? namespace : undefined;
    const key = `${kind}/${ns ?? ''}/${name}`;
    if (!references.has(key)) references.set(key, { kind, name, namespace: ns, usedBy: [] });
    references.get(key)!.usedBy.push(describeObject(object));
  };
  for (const object of objects) {
    for (const [annotation, kind] of Object.entries(ISSUER_ANNOTATIONS)) {
      const name = object.metadata.annotations?.[annotation];
      if (name) add(kind, name, object.metadata.namespace, object);
    }
    const ref = object.apiVersion.startsWith('cert-manager.io/') && object.kind === 'Certificate' ? object.spec?.issuerRef : undefined;
    // issuerRef.kind defaults to Issuer (cert-manager API docs).
    if (ref) add(ref.kind === 'ClusterIssuer' ? 'ClusterIssuer' : 'Issuer', ref.name, object.metadata.namespace, object);
  }
  const created = new Set(objects.filter(o => o.apiVersion.startsWith('cert-manager.io/')).map(o => `${o.kind}/${o.kind === 'Issuer' ? o.metadata.namespace : ''}/${o.metadata.name}`));
  return [...references.entries()].filter(([key]) => !created.has(key)).map(([, reference]) => reference);
}

/**
 * Whether an ACME issuer's HTTP-01 solver Ingresses reach the platform's controller: cert-manager gives a solver
 * Ingress a class only from `http01.ingress.ingressClassName` or `class` (v1.16.5 pkg/issuer/acme/http/ingress.go),
 * or edits an existing Ingress (`name`); ingress-nginx ignores Ingresses without its class (`--watch-ingress-without-class`
 * is off by default), so the challenge would never be answered.
 */
function solverFinding(issuer: any, className: string): Finding {
  const base = { check: 'issuer', subject: `HTTP-01 solver of ClusterIssuer ${issuer.metadata.name}`, fields: ['ingress.className', 'ingress.tls.challenge'] };
  const solvers: any[] = (issuer.spec?.acme?.solvers ?? []).filter((s: any) => s.http01?.ingress);
  const served = solvers.filter(({ http01: { ingress } }) => ingress.ingressClassName === className || ingress.class === className || ingress.name);
  if (served.length > 0) return { ...base, status: 'ok', detail: `its solver Ingresses use class ${className}` };
  const classes = solvers.map(({ http01: { ingress } }) => ingress.ingressClassName ?? ingress.class ?? '(none)');
  return {
    ...base,
    status: 'missing',
    detail: solvers.length === 0 ? 'it has no HTTP-01 solver' : `its solver Ingresses get class ${classes.join(', ')}, which the controller of ${className} ignores`,
    fix: `set spec.acme.solvers[].http01.ingress.ingressClassName: ${className} on the ClusterIssuer, or use a DNS-01 issuer and set ingress.tls.challenge to dns01`,
  };
}

/** Every ClusterIssuer (and Issuer) the render names exists and is Ready; the Ingresses' ACME issuer can answer HTTP-01. */
export const clusterIssuersCheck: Check = ({ config, objects, kube }) => issuerReferences(objects).flatMap((issuer): Finding[] => {
  const base = {
    check: 'issuer',
    subject: `${issuer.kind} ${issuer.namespace ? `${issuer.namespace}/` : ''}${issuer.name}`,
    fields: fieldsWithValue(config, CLUSTER_ISSUER_FIELDS, issuer.name),
  };
  const changeField = `or name an existing ${issuer.kind} in ${base.fields.join(', ') || 'the config'}`;
  const read = kube.get({ resource: `${issuer.kind.toLowerCase()}s.cert-manager.io`, name: issuer.name, namespace: issuer.namespace });
  if (read.kind === 'unknown') return [unknownFinding(base, read)];
  if (read.kind === 'notFound') {
    return [{ ...base, status: 'missing', detail: `not found; named by ${issuer.usedBy.join(', ')}`, fix: `create the ${issuer.kind} ${changeField}` }];
  }
  const ready = (read.value.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  const readiness: Finding = ready?.status === 'True'
    ? { ...base, status: 'ok', detail: 'Ready' }
    : { ...base, status: 'missing', detail: `exists but is not Ready${ready?.message ? `: ${ready.message}` : ''}`, fix: `fix the ${issuer.kind} (kubectl describe ${issuer.kind.toLowerCase()} ${issuer.name}) ${changeField}` };
  const tls = config.ingress.tls;
  const answersHttp01 = issuer.kind === 'ClusterIssuer' && tls.mode === 'certManager' && tls.clusterIssuer === issuer.name && tls.challenge === 'http01' && read.value.spec?.acme;
  return answersHttp01 ? [readiness, solverFinding(read.value, config.ingress.className)] : [readiness];
});
