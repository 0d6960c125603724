import { TENANT_ROLES } from '../../lib/platform/tenant-roles';
import { ENVIRONMENTS, find, ofKind, render, environmentInput, renderEnvironment } from '../support/render';

const PSS_ENFORCE = 'pod-security.kubernetes.io/enforce';

describe.each(ENVIRONMENTS)('%s: platform chart', name => {
  const env = renderEnvironment(name);
  const namespaces = ofKind(env.objects, 'Namespace');

  test('every namespace enforces, audits and warns on one Pod Security level pinned to v1.27', () => {
    expect(namespaces.length).toBeGreaterThan(0);
    for (const ns of namespaces) {
      const labels = ns.metadata.labels!;
      expect(labels['pod-security.kubernetes.io/enforce-version']).toBe('v1.27');
      expect(['restricted', 'privileged']).toContain(labels[PSS_ENFORCE]);
      expect(labels['pod-security.kubernetes.io/warn']).toBe(labels[PSS_ENFORCE]);
      expect(labels['pod-security.kubernetes.io/audit']).toBe(labels[PSS_ENFORCE]);
    }
  });

  test('a namespace below restricted says why, and is never a tenant', () => {
    const tenants = env.config.tenants.map(t => t.name);
    for (const ns of namespaces.filter(n => n.metadata.labels![PSS_ENFORCE] !== 'restricted')) {
      expect(ns.metadata.annotations?.['platform.internal/pod-security-reason']).toMatch(/\w/);
      expect(tenants).not.toContain(ns.metadata.name);
    }
  });

  test('every namespace denies all traffic by default and allows DNS to the cluster DNS pods only', () => {
    const { dns } = env.config.cluster;
    for (const ns of namespaces.map(n => n.metadata.name)) {
      expect(find(env.objects, 'NetworkPolicy', 'default-deny', ns).spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      const policy = find(env.objects, 'NetworkPolicy', 'allow-dns-egress', ns).spec;
      expect(policy.policyTypes).toEqual(['Egress']);
      expect(policy.egress).toEqual([{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': dns.namespace } }, podSelector: { matchLabels: dns.podLabels } }],
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
      }]);
    }
  });

  test('each tenant gets a restricted namespace with its quota, container defaults and members from config', () => {
    for (const tenant of env.config.tenants) {
      expect(find(env.objects, 'Namespace', tenant.name).metadata.labels![PSS_ENFORCE]).toBe('restricted');
      const { quota } = tenant;
      expect(find(env.objects, 'ResourceQuota', 'quota', tenant.name).spec.hard).toEqual({
        'requests.cpu': quota.requests.cpu, 'requests.memory': quota.requests.memory,
        'limits.cpu': quota.limits.cpu, 'limits.memory': quota.limits.memory,
        'pods': quota.pods, 'persistentvolumeclaims': quota.persistentVolumeClaims, 'requests.storage': quota.storage,
      });
      expect(find(env.objects, 'LimitRange', 'container-defaults', tenant.name).spec.limits).toEqual([{
        type: 'Container', defaultRequest: quota.containerDefaults.request, default: quota.containerDefaults.limit,
      }]);
      const bindings = env.objects.filter(o => o.kind === 'RoleBinding' && o.metadata.namespace === tenant.name);
      expect(bindings.map(b => b.roleRef.name)).toEqual(TENANT_ROLES.filter(role => tenant.access[role].length > 0));
      for (const binding of bindings) expect(binding.subjects).toHaveLength(tenant.access[binding.roleRef.name as typeof TENANT_ROLES[number]].length);
    }
  });

  test('tenants receive traffic from the ingress controller of the config', () => {
    const { ingress } = env.config;
    for (const tenant of env.config.tenants) {
      expect(find(env.objects, 'NetworkPolicy', `ingress-controller-to-${tenant.name}-ingress`, tenant.name).spec.ingress).toEqual([{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ingress.controllerNamespace } }, podSelector: { matchLabels: ingress.controllerPodLabels } }],
      }]);
    }
  });

  test('snapshot', () => {
    expect(env.charts.find(c => c.name === 'platform')!.objects).toMatchSnapshot();
  });
});

test('a disabled component has no namespace', () => {
  const input: any = environmentInput(ENVIRONMENTS[0]);
  input.ci.enabled = false;
  const names = ofKind(render(input).objects, 'Namespace').map(n => n.metadata.name);
  expect(names).not.toContain('ci');
  expect(names).not.toContain('ci-agents');
});
