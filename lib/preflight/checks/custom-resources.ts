import { CLUSTER_ISSUER_FIELDS, fieldsWithValue } from '../config-fields';
import { Check, Finding, RenderedObject, unknownFinding } from '../finding';
import { issuerReferences } from './cluster-issuers';

/** API groups served by Kubernetes itself: everything else in the render needs a CustomResourceDefinition. */
function isBuiltInGroup(group: string): boolean {
  return group === '' || group.endsWith('.k8s.io') || ['apps', 'batch', 'policy', 'autoscaling'].includes(group);
}

/** A custom resource type the render uses: `<plural>.<group>` at `version`. */
interface CustomType {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The issuers whose use brings this type in (cert-manager types only): they lead to the config fields. */
  readonly issuers: Set<string>;
}

function crdName(type: Pick<CustomType, 'kind' | 'group'>): string {
  // Every kind used here pluralises with "s" (Certificate, ClusterIssuer, Issuer); CRD names are `<plural>.<group>`.
  return `${type.kind.toLowerCase()}s.${type.group}`;
}

/** The custom types the render creates, plus the issuer kinds it refers to. */
function customTypes(objects: readonly RenderedObject[]): CustomType[] {
  const types = new Map<string, CustomType>();
  const add = (group: string, version: string, kind: string, issuer?: string) => {
    const key = `${crdName({ kind, group })}@${version}`;
    if (!types.has(key)) types.set(key, { group, version, kind, issuers: new Set() });
    if (issuer) types.get(key)!.issuers.add(issuer);
  };
  for (const object of objects) {
    const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
    if (!isBuiltInGroup(group)) add(group, version, object.kind, object.spec?.issuerRef?.name);
  }
  for (const issuer of issuerReferences(objects)) add('cert-manager.io', 'v1', issuer.kind, issuer.name);
  return [...types.values()];
}

/** Every CustomResourceDefinition the render needs (today cert-manager's) is installed and serves the version used. */
export const customResourcesCheck: Check = ({ config, objects, kube }) => customTypes(objects).map((type): Finding => {
  const name = crdName(type);
  // A cert-manager type is there because a TLS setting chose cert-manager: its `mode` is the field to change.
  const fields = [...new Set([...type.issuers].flatMap(issuer => fieldsWithValue(config, CLUSTER_ISSUER_FIELDS, issuer)))]
    .map(f => f.replace(/\.clusterIssuer$/, '.mode'));
  const base = { check: 'crd', subject: `CRD ${name} (${type.version})`, fields };
  const install = type.group === 'cert-manager.io' ? 'install cert-manager (its CRDs included)' : `install the operator that provides ${name}`;
  const read = kube.get({ resource: 'customresourcedefinitions.apiextensions.k8s.io', name });
  if (read.kind === 'unknown') return unknownFinding(base, read);
  if (read.kind === 'notFound') return { ...base, status: 'missing', detail: 'not installed', fix: `${install}, or change ${fields.join(', ') || 'the config'}` };
  const served = (read.value.spec?.versions ?? []).filter((v: any) => v.served).map((v: any) => v.name);
  if (!served.includes(type.version)) {
    return { ...base, status: 'missing', detail: `installed, serves ${served.join(', ') || 'no version'}`, fix: `upgrade: the render uses ${type.group}/${type.version}` };
  }
  return { ...base, status: 'ok', detail: `serves ${type.version}` };
});
