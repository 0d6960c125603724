import { ConfigError, parseEnvironment } from '../../lib/config/validate';
import { environmentInput } from '../support/render';

/** The problems of a crafted variant of prod, as "path: message" lines (none when valid). */
function problemsOf(mutate: (input: any) => void): string[] {
  const input: any = environmentInput('prod');
  mutate(input);
  try {
    parseEnvironment(input, 'prod');
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map(p => `${p.path}: ${p.message}`);
  }
}

/** Values that pass each field's type but are wrong: each is reported with its path. */
describe('accepted-but-wrong values are config errors', () => {
  test('the real environment has none', () => {
    expect(problemsOf(() => {})).toEqual([]);
  });

  test.each(['kube-system', 'kube-public', 'default'])('tenant name %s belongs to the cluster', name => {
    expect(problemsOf(c => { c.tenants[0].name = name; })).toEqual([
      expect.stringMatching(/^tenants\[0\]\.name: expected a namespace of your own: "default" and "kube-\*" belong to the cluster/),
    ]);
  });

  test("a tenant in the ingress controller's namespace", () => {
    expect(problemsOf(c => { c.tenants[1].name = c.ingress.controllerNamespace; })).toEqual([
      'tenants[1].name: "ingress-nginx" is the namespace of a cluster prerequisite (ingress.controllerNamespace, cluster.dns.namespace or cluster.certManager.namespace); choose another tenant name',
      // The renamed tenant's Velero opt-in no longer names a tenant.
      'backup.velero.tenants[0]: "team-b" is not a tenant of this environment; expected one of team-a, ingress-nginx',
    ]);
  });

  test('quota limits below requests', () => {
    expect(problemsOf(c => { c.tenants[0].quota.limits.memory = '1Gi'; c.tenants[0].quota.containerDefaults.limit.memory = '256Mi'; }))
      .toEqual(['tenants[0].quota.requests.memory: expected at most limits.memory (1Gi), got "16Gi"']);
  });

  test('a default request above the default limit', () => {
    expect(problemsOf(c => { c.tenants[0].quota.containerDefaults.request.cpu = '2'; c.tenants[0].quota.containerDefaults.limit.cpu = '1'; }))
      .toEqual(['tenants[0].quota.containerDefaults.request.cpu: expected at most containerDefaults.limit.cpu (1), got "2"']);
  });

  test('a default limit above the quota', () => {
    expect(problemsOf(c => { c.tenants[1].quota.containerDefaults.limit.memory = '32Gi'; }))
      .toEqual(["tenants[1].quota.containerDefaults.limit.memory: expected at most the quota's limits.memory (16Gi), got \"32Gi\""]);
  });

  test('a CPU limit below the request', () => {
    expect(problemsOf(c => { c.apps.web['web-server'].resources.cpuLimit = '50m'; }))
      .toEqual(['apps.web.web-server.resources.cpuLimit: expected at least the CPU request 100m, got "50m"']);
  });

  test('replicas above int32', () => {
    expect(problemsOf(c => { c.logging.kibana.replicas = 2 ** 31; }))
      .toEqual(['logging.kibana.replicas: expected an integer from 1 to 2147483647 (int32), got 2147483648']);
  });

  test.each([
    ['resources cpu', (c: any) => { c.logging.kibana.resources.cpu = '0'; }, 'logging.kibana.resources.cpu'],
    ['resources memory', (c: any) => { c.logging.kibana.resources.memory = '0Mi'; }, 'logging.kibana.resources.memory'],
    ['volume size', (c: any) => { c.logging.elasticsearch.storage.size = '0'; }, 'logging.elasticsearch.storage.size'],
  ])('zero %s', (_, mutate, path) => {
    expect(problemsOf(mutate)).toContainEqual(expect.stringMatching(new RegExp(`^${path.replace(/\./g, '\\.')}: expected a quantity above zero`)));
  });

  test('a quota may forbid storage with "0"', () => {
    expect(problemsOf(c => { c.tenants[0].quota.storage = '0'; })).toEqual([]);
  });

  test('label keys and values the API server rejects', () => {
    expect(problemsOf(c => { c.ingress.controllerPodLabels = { 'app.kubernetes.io/name': 'ingress nginx', '-bad': 'x' }; }).sort()).toEqual([
      'ingress.controllerPodLabels.-bad: label key "-bad" is invalid: expected [DNS-subdomain prefix "/"] then at most 63 letters, digits, "-", "_" or ".", starting and ending alphanumeric',
      'ingress.controllerPodLabels.app.kubernetes.io/name: expected a label value: at most 63 letters, digits, "-", "_" or ".", starting and ending alphanumeric (or empty), got "ingress nginx"',
    ]);
  });

  test('a wrong quantity in a field that a cross-field rule reads is reported, not thrown', () => {
    expect(problemsOf(c => { c.logging.fluentd.resources.memory = '2GB'; c.logging.elasticsearch.resources.memory = '8GB'; })).toEqual([
      'logging.elasticsearch.resources.memory: expected a Kubernetes quantity such as "500m", "2", "512Mi" or "10Gi", got "8GB"',
      'logging.fluentd.resources.memory: expected a Kubernetes quantity such as "500m", "2", "512Mi" or "10Gi", got "2GB"',
    ]);
  });
});
