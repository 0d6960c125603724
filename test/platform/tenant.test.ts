import { Testing } from 'cdk8s';
import { Peer } from '../../lib/network/peer';
import { Tenant, TenantProps } from '../../lib/platform/tenant';
import { find, KubeObject, ofKind } from '../support/render';

const ingressController = Peer.foreign('ingress-controller', 'edge', { app: 'router' });
const quota: TenantProps['quota'] = {
  requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' }, pods: 10, persistentVolumeClaims: 1, storage: '1Gi',
  containerDefaults: { request: { cpu: '50m', memory: '64Mi' }, limit: { cpu: '500m', memory: '256Mi' } },
};

function synth(props: Partial<TenantProps> = {}): KubeObject[] {
  const chart = Testing.chart();
  new Tenant(chart, 'tenant', { name: 'team', quota, ingressController, ...props });
  return Testing.synth(chart) as KubeObject[];
}

describe('Tenant', () => {
  test('defaults: a restricted namespace with its quota and limit range, and no RoleBinding', () => {
    const objects = synth();
    expect(find(objects, 'Namespace', 'team').metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(find(objects, 'ResourceQuota', 'quota', 'team').spec.hard['requests.cpu']).toBe('1');
    expect(find(objects, 'LimitRange', 'container-defaults', 'team').spec.limits[0].default).toEqual({ cpu: '500m', memory: '256Mi' });
    expect(ofKind(objects, 'RoleBinding')).toEqual([]);
    expect(find(objects, 'NetworkPolicy', 'allow-dns-egress', 'team').spec.egress[0].to[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name']).toBe('kube-system');
  });

  test('members are bound to the built-in ClusterRoles, users and groups kept apart, empty roles skipped', () => {
    const objects = synth({ access: { admin: ['user:alice@example.com', 'group:leads'], edit: [], view: ['group:system:auditors'] } });
    expect(ofKind(objects, 'RoleBinding').map(b => b.metadata.name)).toEqual(['tenant-admin', 'tenant-view']);
    const admin = find(objects, 'RoleBinding', 'tenant-admin', 'team');
    expect(admin.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' });
    expect(admin.subjects).toEqual([
      { kind: 'User', name: 'alice@example.com', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'Group', name: 'leads', apiGroup: 'rbac.authorization.k8s.io' },
    ]);
    // Only the first colon separates the kind: the rest is the name.
    expect(find(objects, 'RoleBinding', 'tenant-view', 'team').subjects).toEqual([{ kind: 'Group', name: 'system:auditors', apiGroup: 'rbac.authorization.k8s.io' }]);
  });

  test('a subject that is neither user: nor group: is refused', () => {
    expect(() => synth({ access: { edit: ['bob'] } })).toThrow('Tenant "team": subject "bob" must be "user:<name>" or "group:<name>"');
  });

  test('traffic inside the namespace and from the ingress controller is allowed, nothing else', () => {
    const policies = ofKind(synth(), 'NetworkPolicy');
    expect(policies.map(p => p.metadata.name).sort()).toEqual([
      'allow-dns-egress', 'default-deny', 'ingress-controller-to-team-ingress', 'same-namespace-egress', 'same-namespace-ingress',
    ]);
    const sameNs = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'team' } } };
    expect(find(policies, 'NetworkPolicy', 'same-namespace-egress', 'team').spec).toEqual({ podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [sameNs] }] });
    expect(find(policies, 'NetworkPolicy', 'same-namespace-ingress', 'team').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [sameNs] }] });
    expect(find(policies, 'NetworkPolicy', 'ingress-controller-to-team-ingress', 'team').spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } }, podSelector: { matchLabels: { app: 'router' } } }],
    }]);
  });

  test('clusterDns reaches the namespace', () => {
    const policy = find(synth({ clusterDns: { namespace: 'dns', podLabels: { app: 'dns' } } }), 'NetworkPolicy', 'allow-dns-egress', 'team');
    expect(policy.spec.egress[0].to[0].podSelector.matchLabels).toEqual({ app: 'dns' });
  });

  test('every object carries the recommended labels of the tenant', () => {
    for (const object of synth({ access: { admin: ['user:a'] } })) {
      expect(object.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'team', 'app.kubernetes.io/instance': 'team', 'app.kubernetes.io/component': 'tenant',
        'app.kubernetes.io/part-of': 'platform', 'app.kubernetes.io/managed-by': 'cdk8s',
      });
    }
  });
});
