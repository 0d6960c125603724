import { createHash } from 'crypto';
import { PLATFORM_DOMAIN } from '../core/platform-keys';
import { standardLabels } from '../core/labels';

/**
 * How kubectl 1.27 runs `apply --prune --applyset` (alpha, `KUBECTL_APPLYSET=true`), read from kubernetes/kubectl
 * v0.27.16 (= kubectl v1.27.16), pkg/cmd/apply/applyset.go and apply.go:
 * - The parent is a Secret or ConfigMap (namespaced: needs `-n`, and then every namespaced input object must be in
 *   that namespace, since `-n` makes the resource builder enforce it), or a custom resource whose CRD carries the
 *   `is-parent-type` label. Custom parents are never created by kubectl: they must exist first.
 * - The parent's id label is `applyset-<base64url(sha256(<name>.<namespace>.<kind>.<group>))>-v1` (no padding).
 * - kubectl requires `contains-group-resources` (`<resource>.<group>`, sorted, comma-separated) on an existing
 *   parent; kubectl >= 1.29 (v0.29.0) reads `contains-group-kinds` (`<Kind>.<group>`) and falls back to the former.
 * - The tooling annotation must name `kubectl` (only the part before the last `/` is compared).
 * - kubectl itself labels every applied object `part-of: <id>`, and refuses input that already carries the label.
 */
export const KUBECTL_APPLYSET = {
  idLabel: 'applyset.kubernetes.io/id',
  partOfLabel: 'applyset.kubernetes.io/part-of',
  parentTypeLabel: 'applyset.kubernetes.io/is-parent-type',
  toolingAnnotation: 'applyset.kubernetes.io/tooling',
  groupResourcesAnnotation: 'applyset.kubernetes.io/contains-group-resources',
  groupKindsAnnotation: 'applyset.kubernetes.io/contains-group-kinds',
  namespacesAnnotation: 'applyset.kubernetes.io/additional-namespaces',
  /** kubectl compares only `kubectl`; it writes its own full version on every apply. */
  tooling: 'kubectl/v1.27',
} as const;

/** The parent type: cluster-scoped, so one parent covers an environment's objects in every namespace. */
export const APPLYSET_PARENT = {
  group: PLATFORM_DOMAIN,
  version: 'v1alpha1',
  kind: 'ApplySet',
  plural: 'applysets',
} as const;

/** What `--applyset=` takes for an environment's parent: `<resource>.<group>/<name>`. */
export function applySetFlag(environment: string): string {
  return `${APPLYSET_PARENT.plural}.${APPLYSET_PARENT.group}/${environment}`;
}

/** The API resource of each kind a render may hold (kubectl's `<resource>.<group>` needs the plural, not the kind). */
const RESOURCES: Readonly<Record<string, string>> = {
  'ConfigMap': 'configmaps',
  'LimitRange': 'limitranges',
  'Namespace': 'namespaces',
  'PersistentVolumeClaim': 'persistentvolumeclaims',
  'ResourceQuota': 'resourcequotas',
  'Secret': 'secrets',
  'Service': 'services',
  'ServiceAccount': 'serviceaccounts',
  'DaemonSet.apps': 'daemonsets',
  'Deployment.apps': 'deployments',
  'StatefulSet.apps': 'statefulsets',
  'HorizontalPodAutoscaler.autoscaling': 'horizontalpodautoscalers',
  'CronJob.batch': 'cronjobs',
  'Job.batch': 'jobs',
  'Certificate.cert-manager.io': 'certificates',
  'Ingress.networking.k8s.io': 'ingresses',
  'IngressClass.networking.k8s.io': 'ingressclasses',
  'NetworkPolicy.networking.k8s.io': 'networkpolicies',
  'PodDisruptionBudget.policy': 'poddisruptionbudgets',
  'ClusterRole.rbac.authorization.k8s.io': 'clusterroles',
  'ClusterRoleBinding.rbac.authorization.k8s.io': 'clusterrolebindings',
  'Role.rbac.authorization.k8s.io': 'roles',
  'RoleBinding.rbac.authorization.k8s.io': 'rolebindings',
  'Schedule.velero.io': 'schedules',
};

/** A rendered object as far as the ApplySet cares. */
export interface ApplySetMember {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
}

function group(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** `Kind.group` (core kinds: `Kind`), as Go's schema.GroupKind.String() writes it. */
export function groupKind(obj: ApplySetMember): string {
  const g = group(obj.apiVersion);
  return g === '' ? obj.kind : `${obj.kind}.${g}`;
}

/** `resource.group` (core: `resource`), as Go's schema.GroupResource.String() writes it. */
export function groupResource(obj: ApplySetMember): string {
  const resource = RESOURCES[groupKind(obj)];
  if (resource === undefined) throw new Error(`ApplySet: no API resource known for kind ${groupKind(obj)}: add it to RESOURCES in lib/synth/applyset.ts`);
  const g = group(obj.apiVersion);
  return g === '' ? resource : `${resource}.${g}`;
}

/** The id of a parent, as kubectl computes it (ApplySet.ID): the value of the id label and of every member's part-of label. */
export function applySetId(parent: { name: string; namespace?: string; kind: string; group: string }): string {
  const unencoded = [parent.name, parent.namespace ?? '', parent.kind, parent.group].join('.');
  return `applyset-${createHash('sha256').update(unencoded).digest('base64url')}-v1`;
}

/** Sorted, de-duplicated, comma-separated: how kubectl writes its annotations (Go's sort.Strings is byte order). */
function list(values: Iterable<string>): string {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(',');
}

const LABELS = standardLabels({ name: 'applyset', component: 'prune', partOf: 'platform' });

/** The CRD that makes `ApplySet` a permitted parent type; applied before any parent. */
export function applySetCrd(): object {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${APPLYSET_PARENT.plural}.${APPLYSET_PARENT.group}`,
      labels: { ...LABELS, [KUBECTL_APPLYSET.parentTypeLabel]: 'true' },
    },
    spec: {
      group: APPLYSET_PARENT.group,
      names: { kind: APPLYSET_PARENT.kind, plural: APPLYSET_PARENT.plural, singular: 'applyset', listKind: `${APPLYSET_PARENT.kind}List` },
      scope: 'Cluster',
      // The parent is only metadata: labels and annotations kubectl reads and writes.
      versions: [{ name: APPLYSET_PARENT.version, served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
    },
  };
}

/**
 * The parent of an environment's ApplySet, named after the environment, with the metadata kubectl 1.27 reads on
 * an existing parent and would write itself after applying `members`: id label, tooling, the group-resources of
 * the members (and group-kinds for kubectl >= 1.29), and every namespace holding a namespaced member.
 */
export function applySetParent(environment: string, members: readonly ApplySetMember[]): object {
  const id = applySetId({ name: environment, kind: APPLYSET_PARENT.kind, group: APPLYSET_PARENT.group });
  return {
    apiVersion: `${APPLYSET_PARENT.group}/${APPLYSET_PARENT.version}`,
    kind: APPLYSET_PARENT.kind,
    metadata: {
      name: environment,
      labels: { ...LABELS, 'app.kubernetes.io/instance': environment, [KUBECTL_APPLYSET.idLabel]: id },
      annotations: {
        [KUBECTL_APPLYSET.toolingAnnotation]: KUBECTL_APPLYSET.tooling,
        [KUBECTL_APPLYSET.groupResourcesAnnotation]: list(members.map(groupResource)),
        [KUBECTL_APPLYSET.groupKindsAnnotation]: list(members.map(groupKind)),
        [KUBECTL_APPLYSET.namespacesAnnotation]: list(members.flatMap(m => m.metadata.namespace ?? [])),
      },
    },
  };
}
