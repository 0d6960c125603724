import { kubeSchema } from '../../lib/policy/kube-schema';
import { API_RULES, apiVersions, REMOVED_APIS, removedApi } from '../../lib/policy/rules/api-versions';
import { check, describeRules, find, platform, QuietCase, RuleCase } from './fixtures';

const crd = (versions: { name: string; served: boolean }[]) => ({
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
  spec: { group: 'example.com', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets' },
    versions: versions.map(v => ({ ...v, storage: v.served, schema: { openAPIV3Schema: { type: 'object' } } })) },
});
const widget = (apiVersion: string, kind = 'Widget') => ({ apiVersion, kind, metadata: { name: 'w', namespace: 'apps' } });

const cases: RuleCase[] = [
  { rule: API_RULES.removed, title: 'policy/v1beta1 PodDisruptionBudget', kind: 'PodDisruptionBudget', name: 'web', path: 'apiVersion',
    breakIt: o => { find(o, 'PodDisruptionBudget', 'web').apiVersion = 'policy/v1beta1'; } },
  { rule: API_RULES.removed, title: 'autoscaling/v2beta2 HorizontalPodAutoscaler', kind: 'HorizontalPodAutoscaler', name: 'web', path: 'apiVersion',
    breakIt: o => { find(o, 'HorizontalPodAutoscaler', 'web').apiVersion = 'autoscaling/v2beta2'; } },
  { rule: API_RULES.removed, title: 'extensions/v1beta1 Deployment', kind: 'Deployment', name: 'web', path: 'apiVersion',
    breakIt: o => { find(o, 'Deployment', 'web').apiVersion = 'extensions/v1beta1'; } },
  { rule: API_RULES.unknownKind, title: 'misspelled kind in the core group', kind: 'ConfigMapp', name: 'web-config', path: 'kind',
    breakIt: o => { find(o, 'ConfigMap', 'web-config').kind = 'ConfigMapp'; } },
  { rule: API_RULES.unknownKind, title: 'kind in the wrong case', kind: 'deployment', name: 'web', path: 'kind',
    breakIt: o => { find(o, 'Deployment', 'web').kind = 'deployment'; } },
  { rule: API_RULES.unknownKind, title: 'built-in kind under the wrong group', kind: 'Deployment', name: 'web', path: 'kind',
    breakIt: o => { find(o, 'Deployment', 'web').apiVersion = 'app/v1'; } },
  { rule: API_RULES.unknownKind, title: 'custom resource of a version its CRD in the input does not serve', kind: 'Widget', name: 'w', path: 'kind',
    breakIt: o => { o.push(crd([{ name: 'v1', served: true }, { name: 'v1alpha1', served: false }]), widget('example.com/v1alpha1')); } },
];

const quiet: QuietCase[] = [
  { title: 'custom resource of a served CRD version', change: o => { o.push(crd([{ name: 'v1', served: true }]), widget('example.com/v1')); } },
  { title: 'custom resource whose CRD is installed elsewhere', change: o => { o.push(widget('cert-manager.io/v1', 'Certificate')); } },
  { title: 'beta API still served by 1.27 (flowcontrol v1beta2)', change: o => {
    o.push({ apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kind: 'PriorityLevelConfiguration', metadata: { name: 'p' }, spec: { type: 'Exempt' } });
  } },
  { title: 'core/v1 Event', change: o => { o.push({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'apps' }, involvedObject: {} }); } },
];

describe('API versions', () => {
  describeRules(apiVersions, cases, quiet);

  test('names the replacement and the release that removed the API', () => {
    const objects = platform();
    find(objects, 'PodDisruptionBudget', 'web').apiVersion = 'policy/v1beta1';
    expect(check(objects)).toEqual([expect.objectContaining({
      ruleId: 'API-REMOVED', detail: 'policy/v1beta1 PodDisruptionBudget was removed in Kubernetes 1.25; use policy/v1 PodDisruptionBudget',
    })]);
  });

  test('suggests the kind that differs only in case', () => {
    const objects = platform();
    find(objects, 'Deployment', 'web').kind = 'deployment';
    expect(check(objects)).toContainEqual(expect.objectContaining({ ruleId: 'API-UNKNOWN-KIND', detail: expect.stringContaining('did you mean apps/v1 Deployment?') }));
  });

  test.each([
    ['extensions/v1beta1', ['Ingress', 'Deployment', 'DaemonSet', 'ReplicaSet', 'NetworkPolicy', 'PodSecurityPolicy']],
    ['apps/v1beta1', ['Deployment', 'StatefulSet']],
    ['apps/v1beta2', ['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet']],
    ['policy/v1beta1', ['PodDisruptionBudget', 'PodSecurityPolicy']],
    ['autoscaling/v2beta1', ['HorizontalPodAutoscaler']],
    ['autoscaling/v2beta2', ['HorizontalPodAutoscaler']],
    ['batch/v1beta1', ['CronJob']],
    ['networking.k8s.io/v1beta1', ['Ingress', 'IngressClass']],
    ['rbac.authorization.k8s.io/v1beta1', ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']],
    ['storage.k8s.io/v1beta1', ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment', 'CSIStorageCapacity']],
    ['apiextensions.k8s.io/v1beta1', ['CustomResourceDefinition']],
    ['admissionregistration.k8s.io/v1beta1', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']],
    ['certificates.k8s.io/v1beta1', ['CertificateSigningRequest']],
    ['coordination.k8s.io/v1beta1', ['Lease']],
    ['discovery.k8s.io/v1beta1', ['EndpointSlice']],
    ['events.k8s.io/v1beta1', ['Event']],
    ['node.k8s.io/v1beta1', ['RuntimeClass']],
    ['scheduling.k8s.io/v1beta1', ['PriorityClass']],
    ['scheduling.k8s.io/v1alpha1', ['PriorityClass']],
    ['flowcontrol.apiserver.k8s.io/v1beta1', ['FlowSchema', 'PriorityLevelConfiguration']],
  ] as const)('%s is removed for %j, and is not a 1.27 built-in', (apiVersion, kinds) => {
    for (const kind of kinds) {
      expect([kind, removedApi(apiVersion, kind)]).toEqual([kind, expect.objectContaining({ replacement: expect.any(String) })]);
      expect(kubeSchema().kinds.has(`${apiVersion} ${kind}`)).toBe(false);
    }
  });

  test('every replacement is an API 1.27 serves, or says in words that nothing replaces it', () => {
    const replacements = [...REMOVED_APIS.values()].map(r => r.replacement);
    expect(replacements.filter(r => /^\S+ \w+$/.test(r) && !kubeSchema().kinds.has(r))).toEqual([]);
    const withoutApi = [...REMOVED_APIS].filter(([, r]) => !/^\S+ \w+$/.test(r.replacement)).map(([api]) => api.split(' ')[1]);
    expect(new Set(withoutApi)).toEqual(new Set(['PodSecurityPolicy', 'PodPreset']));
  });
});
