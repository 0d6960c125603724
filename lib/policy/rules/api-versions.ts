import { Inventory } from '../inventory';
import { apiGroup, kubeSchema } from '../kube-schema';
import { CheckedObject } from '../types';
import { rule, RuleFamily } from './rule';

export const API_RULES = {
  removed: rule('API-REMOVED',
    'API version is no longer served by Kubernetes 1.27, so the API server rejects the object',
    'Move the object to the replacement API named in the message and adapt the fields that changed (see https://kubernetes.io/docs/reference/using-api/deprecation-guide/).'),
  unknownKind: rule('API-UNKNOWN-KIND',
    'Kind is not served under this apiVersion, so the API server rejects the object and no other rule can check it',
    'Fix the spelling of kind and apiVersion (both are case-sensitive), or add the CustomResourceDefinition that serves it.'),
};

/** One removed `apiVersion kind`: what replaces it and the release that stopped serving it. */
interface Removal {
  readonly replacement: string;
  readonly removedIn: string;
}

/**
 * Every API a 1.27 API server no longer serves, from the Kubernetes deprecation guide
 * (https://kubernetes.io/docs/reference/using-api/deprecation-guide/, sections v1.16 to v1.27), plus the older
 * alpha versions of the same kinds.
 */
export const REMOVED_APIS: ReadonlyMap<string, Removal> = new Map<string, Removal>();
const REMOVED = REMOVED_APIS as Map<string, Removal>;
function removed(removedIn: string, apiVersions: string[], kinds: string[], replacement: string | ((kind: string) => string)): void {
  for (const v of apiVersions) {
    for (const k of kinds) REMOVED.set(`${v} ${k}`, { removedIn, replacement: typeof replacement === 'string' ? replacement : replacement(k) });
  }
}
removed('1.16', ['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2'], ['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet', 'ControllerRevision'], k => `apps/v1 ${k}`);
removed('1.16', ['extensions/v1beta1'], ['NetworkPolicy'], 'networking.k8s.io/v1 NetworkPolicy');
removed('1.16', ['extensions/v1beta1'], ['PodSecurityPolicy'], 'Pod Security admission (namespace labels pod-security.kubernetes.io/*); PodSecurityPolicy no longer exists');
removed('1.20', ['settings.k8s.io/v1alpha1'], ['PodPreset'], 'nothing built in: set the fields in the pod template');
removed('1.21', ['batch/v2alpha1'], ['CronJob'], 'batch/v1 CronJob');
removed('1.22', ['extensions/v1beta1', 'networking.k8s.io/v1beta1'], ['Ingress'], 'networking.k8s.io/v1 Ingress');
removed('1.22', ['networking.k8s.io/v1beta1'], ['IngressClass'], 'networking.k8s.io/v1 IngressClass');
removed('1.22', ['rbac.authorization.k8s.io/v1beta1', 'rbac.authorization.k8s.io/v1alpha1'], ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'], k => `rbac.authorization.k8s.io/v1 ${k}`);
removed('1.22', ['storage.k8s.io/v1beta1', 'storage.k8s.io/v1alpha1'], ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], k => `storage.k8s.io/v1 ${k}`);
removed('1.22', ['apiextensions.k8s.io/v1beta1'], ['CustomResourceDefinition'], 'apiextensions.k8s.io/v1 CustomResourceDefinition');
removed('1.22', ['apiregistration.k8s.io/v1beta1'], ['APIService'], 'apiregistration.k8s.io/v1 APIService');
removed('1.22', ['admissionregistration.k8s.io/v1beta1'], ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], k => `admissionregistration.k8s.io/v1 ${k}`);
removed('1.22', ['authentication.k8s.io/v1beta1'], ['TokenReview'], 'authentication.k8s.io/v1 TokenReview');
removed('1.22', ['authorization.k8s.io/v1beta1'], ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview'], k => `authorization.k8s.io/v1 ${k}`);
removed('1.22', ['certificates.k8s.io/v1beta1'], ['CertificateSigningRequest'], 'certificates.k8s.io/v1 CertificateSigningRequest');
removed('1.22', ['coordination.k8s.io/v1beta1'], ['Lease'], 'coordination.k8s.io/v1 Lease');
removed('1.22', ['scheduling.k8s.io/v1beta1', 'scheduling.k8s.io/v1alpha1'], ['PriorityClass'], 'scheduling.k8s.io/v1 PriorityClass');
removed('1.22', ['node.k8s.io/v1alpha1'], ['RuntimeClass'], 'node.k8s.io/v1 RuntimeClass');
removed('1.25', ['batch/v1beta1'], ['CronJob'], 'batch/v1 CronJob');
removed('1.25', ['discovery.k8s.io/v1beta1'], ['EndpointSlice'], 'discovery.k8s.io/v1 EndpointSlice');
removed('1.25', ['events.k8s.io/v1beta1'], ['Event'], 'events.k8s.io/v1 Event');
removed('1.25', ['autoscaling/v2beta1'], ['HorizontalPodAutoscaler'], 'autoscaling/v2 HorizontalPodAutoscaler');
removed('1.25', ['policy/v1beta1'], ['PodDisruptionBudget'], 'policy/v1 PodDisruptionBudget');
removed('1.25', ['policy/v1beta1'], ['PodSecurityPolicy'], 'Pod Security admission (namespace labels pod-security.kubernetes.io/*); PodSecurityPolicy no longer exists');
removed('1.25', ['node.k8s.io/v1beta1'], ['RuntimeClass'], 'node.k8s.io/v1 RuntimeClass');
removed('1.26', ['flowcontrol.apiserver.k8s.io/v1beta1'], ['FlowSchema', 'PriorityLevelConfiguration'], k => `flowcontrol.apiserver.k8s.io/v1beta3 ${k}`);
removed('1.26', ['autoscaling/v2beta2'], ['HorizontalPodAutoscaler'], 'autoscaling/v2 HorizontalPodAutoscaler');
removed('1.27', ['storage.k8s.io/v1beta1'], ['CSIStorageCapacity'], 'storage.k8s.io/v1 CSIStorageCapacity');

/** The removal of `apiVersion kind`, if 1.27 no longer serves it. */
export function removedApi(apiVersion: string, kind: string): Removal | undefined {
  return REMOVED.get(`${apiVersion} ${kind}`);
}

/**
 * Every object's apiVersion and kind are served by a 1.27 API server: built in, or declared by a
 * CustomResourceDefinition of the input. A group with no dot is never a custom group (a CRD's group must contain
 * one), so an unknown kind there is always reported. Custom resources of a group no CRD in the input declares are
 * left alone: their CRD is installed some other way.
 */
export const apiVersions: RuleFamily = {
  rules: Object.values(API_RULES),
  check(inv, report) {
    const { kinds, groups } = kubeSchema();
    const crds = customKinds(inv);
    for (const obj of inv.objects) {
      const apiVersion: string = obj.body.apiVersion;
      const removal = removedApi(apiVersion, obj.kind);
      if (removal) {
        report(API_RULES.removed, obj, 'apiVersion', `${apiVersion} ${obj.kind} was removed in Kubernetes ${removal.removedIn}; use ${removal.replacement}`);
        continue;
      }
      if (kinds.has(`${apiVersion} ${obj.kind}`)) continue;
      const group = apiGroup(apiVersion);
      const custom = crds.get(group);
      if (custom) {
        if (!custom.has(`${apiVersion} ${obj.kind}`)) report(API_RULES.unknownKind, obj, 'kind', unknownKindDetail(obj, [...custom]));
      } else if (groups.has(group) || !group.includes('.') || apiVersion.split('/').length > 2) {
        report(API_RULES.unknownKind, obj, 'kind', unknownKindDetail(obj, [...kinds.keys()]));
      }
    }
  },
};

/** Served `apiVersion kind` pairs of the input's CRDs, by group. */
function customKinds(inv: Inventory): Map<string, Set<string>> {
  const byGroup = new Map<string, Set<string>>();
  for (const crd of inv.ofKind('CustomResourceDefinition')) {
    const { group, names, versions } = crd.body.spec ?? {};
    if (typeof group !== 'string' || typeof names?.kind !== 'string') continue;
    const served = byGroup.get(group) ?? new Set<string>();
    for (const v of Array.isArray(versions) ? versions : []) {
      if (v?.served !== false) served.add(`${group}/${v?.name} ${names.kind}`);
    }
    byGroup.set(group, served);
  }
  return byGroup;
}

/** Names what is served instead: the same kind under another apiVersion, or a kind that differs only in case. */
function unknownKindDetail(obj: CheckedObject, served: string[]): string {
  const wanted = obj.kind.toLowerCase();
  const alternatives = served.filter(k => k.split(' ')[1].toLowerCase() === wanted);
  const what = `${obj.body.apiVersion} ${obj.kind} is not served by Kubernetes 1.27`;
  return alternatives.length > 0 ? `${what}; did you mean ${alternatives.join(' or ')}?` : what;
}
