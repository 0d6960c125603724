import { Testing } from 'cdk8s';
import { PlatformNamespace } from '../../lib/platform/namespace';
import { ENVIRONMENTS, find, ofKind, render, environmentInput, renderEnvironment } from '../support/render';

const dev = renderEnvironment('dev');
const prod = renderEnvironment('prod');

describe('namespaces', () => {
  test.each(ENVIRONMENTS)('%s: every namespace enforces a Pod Security level pinned to v1.27', name => {
    const env = renderEnvironment(name);
    for (const ns of ofKind(env.objects, 'Namespace')) {
      const labels = ns.metadata.labels!;
      expect(labels['pod-security.kubernetes.io/enforce-version']).toBe('v1.27');
      expect(['restricted', 'privileged']).toContain(labels['pod-security.kubernetes.io/enforce']);
      expect(labels['pod-security.kubernetes.io/warn']).toBe(labels['pod-security.kubernetes.io/enforce']);
      expect(labels['pod-security.kubernetes.io/audit']).toBe(labels['pod-security.kubernetes.io/enforce']);
    }
  });

  test('only the node agents\' namespaces (Fluentd, node-exporter) are below restricted, and each says why', () => {
    const weaker = ofKind(prod.objects, 'Namespace').filter(ns => ns.metadata.labels!['pod-security.kubernetes.io/enforce'] !== 'restricted');
    expect(weaker.map(ns => ns.metadata.name)).toEqual(['logging-agents', 'monitoring-agents']);
    for (const ns of weaker) expect(ns.metadata.annotations!['platform.internal/pod-security-reason']).toMatch(/hostPath/);
  });

  test('a weaker level without a reason is refused', () => {
    const chart = Testing.chart();
    expect(() => new PlatformNamespace(chart, 'ns', { name: 'x', podSecurity: 'baseline', cluster: dev.config.cluster }))
      .toThrow('Namespace "x": Pod Security level "baseline" needs a podSecurityReason');
  });

  test.each(ENVIRONMENTS)('%s: every namespace denies all traffic by default and allows DNS to the cluster DNS pods only', name => {
    const env = renderEnvironment(name);
    const { dns } = env.config.cluster;
    for (const ns of ofKind(env.objects, 'Namespace').map(n => n.metadata.name)) {
      expect(find(env.objects, 'NetworkPolicy', 'default-deny', ns).spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      const policy = find(env.objects, 'NetworkPolicy', 'allow-dns-egress', ns).spec;
      expect(policy.policyTypes).toEqual(['Egress']);
      expect(policy.egress).toEqual([{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': dns.namespace } }, podSelector: { matchLabels: dns.podLabels } }],
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
      }]);
    }
  });

  test('a disabled component has no namespace', () => {
    const input: any = environmentInput('dev');
    input.ci.enabled = false;
    const names = ofKind(render(input).objects, 'Namespace').map(n => n.metadata.name);
    expect(names).not.toContain('ci');
    expect(names).not.toContain('ci-agents');
  });
});

describe('tenants', () => {
  const objects = prod.objects;

  test('each tenant gets a restricted namespace with quota and container defaults from config', () => {
    const tenant = prod.config.tenants[1];
    expect(find(objects, 'Namespace', tenant.name).metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(find(objects, 'ResourceQuota', 'quota', tenant.name).spec.hard).toEqual({
      'requests.cpu': tenant.quota.requests.cpu,
      'requests.memory': tenant.quota.requests.memory,
      'limits.cpu': tenant.quota.limits.cpu,
      'limits.memory': tenant.quota.limits.memory,
      'pods': tenant.quota.pods,
      'persistentvolumeclaims': tenant.quota.persistentVolumeClaims,
      'requests.storage': tenant.quota.storage,
    });
    expect(find(objects, 'LimitRange', 'container-defaults', tenant.name).spec.limits[0]).toEqual({
      type: 'Container',
      defaultRequest: tenant.quota.containerDefaults.request,
      default: tenant.quota.containerDefaults.limit,
    });
  });

  test('members are bound to the built-in ClusterRoles, users and groups kept apart', () => {
    const binding = find(objects, 'RoleBinding', 'tenant-admin', 'team-a');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' });
    expect(binding.subjects).toEqual([{ kind: 'User', name: 'alice@example.com', apiGroup: 'rbac.authorization.k8s.io' }]);
    expect(find(objects, 'RoleBinding', 'tenant-view', 'team-a').subjects).toEqual([{ kind: 'Group', name: 'auditors', apiGroup: 'rbac.authorization.k8s.io' }]);
  });

  test('a role without members gets no binding', () => {
    expect(objects.filter(o => o.kind === 'RoleBinding' && o.metadata.namespace === 'team-a').map(o => o.metadata.name).sort())
      .toEqual(['tenant-admin', 'tenant-edit', 'tenant-view']);
    expect(dev.objects.filter(o => o.kind === 'RoleBinding' && o.metadata.namespace === 'team-a').map(o => o.metadata.name).sort())
      .toEqual(['tenant-admin', 'tenant-edit']);
  });

  test('traffic inside the namespace and from the ingress controller is allowed, nothing else', () => {
    const policies = objects.filter(o => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'team-a');
    expect(policies.map(p => p.metadata.name).sort()).toEqual([
      'allow-dns-egress', 'default-deny', 'ingress-controller-to-team-a-ingress', 'same-namespace-egress', 'same-namespace-ingress',
    ]);
    const sameNs = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'team-a' } } };
    expect(find(objects, 'NetworkPolicy', 'same-namespace-egress', 'team-a').spec).toEqual({ podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [sameNs] }] });
    expect(find(objects, 'NetworkPolicy', 'same-namespace-ingress', 'team-a').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [sameNs] }] });
    expect(find(objects, 'NetworkPolicy', 'ingress-controller-to-team-a-ingress', 'team-a').spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' } },
      }],
    }]);
  });

  test('every tenant object carries the recommended labels', () => {
    for (const object of objects.filter(o => o.metadata.namespace === 'team-a' || (o.kind === 'Namespace' && o.metadata.name === 'team-a'))) {
      expect(object.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'team-a', 'app.kubernetes.io/instance': 'team-a', 'app.kubernetes.io/component': 'tenant',
        'app.kubernetes.io/part-of': 'platform', 'app.kubernetes.io/managed-by': 'cdk8s',
      });
    }
  });
});

describe.each(ENVIRONMENTS)('%s: platform chart', env => {
  test('snapshot', () => {
    const chart = renderEnvironment(env).charts.find(c => c.name === 'platform')!;
    expect(chart.objects).toMatchSnapshot();
  });
});
