import { environments } from '../../lib/config/environments';
import { ConfigError, parseEnvironment, parseEnvironments } from '../../lib/config/validate';
import { environmentInput } from '../support/render';

/** The problems reported for a crafted config, as "path: message" lines. */
function problemsOf(mutate: (input: any) => void, base = 'dev'): string[] {
  const input: any = environmentInput(base);
  mutate(input);
  try {
    parseEnvironment(input, base);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map(p => `${p.path}: ${p.message}`);
  }
  throw new Error('expected the config to be rejected');
}

describe('environment config validation', () => {
  test('the real environments are valid', () => {
    expect(parseEnvironments(environments).map(c => c.name)).toEqual(Object.keys(environments));
  });

  test('a size that is not a Kubernetes quantity', () => {
    expect(problemsOf(c => { c.tenants[0].quota.requests.cpu = 'two cores'; })).toEqual([
      'tenants[0].quota.requests.cpu: expected a Kubernetes quantity such as "500m", "2", "512Mi" or "10Gi", got "two cores"',
    ]);
  });

  test('a negative count', () => {
    expect(problemsOf(c => { c.tenants[0].quota.pods = -3; })).toEqual(['tenants[0].quota.pods: expected an integer from 1 to 2147483647 (int32), got -3']);
  });

  test('a domain that is not a DNS name', () => {
    expect(problemsOf(c => { c.domain = 'Not_A_Domain'; })).toEqual([
      'domain: expected a DNS name such as "example.com" (lowercase letters, digits, "-" and "."), got "Not_A_Domain"',
    ]);
  });

  test('an unknown tenant role names the allowed roles', () => {
    expect(problemsOf(c => { c.tenants[0].access.owner = ['user:x']; })).toEqual([
      'tenants[0].access.owner: unknown tenant role; expected one of admin, edit, view',
    ]);
  });

  test('a malformed subject', () => {
    expect(problemsOf(c => { c.tenants[0].access.admin = ['alice']; })).toEqual([
      'tenants[0].access.admin[0]: expected "user:<name>" or "group:<name>", got "alice"',
    ]);
  });

  test('a missing required field', () => {
    expect(problemsOf(c => { delete c.ingress.className; })).toEqual([
      'ingress.className: required: expected a DNS label (lowercase letters, digits and "-", starting and ending alphanumeric, at most 63 characters)',
    ]);
  });

  test('an unpinned or latest image', () => {
    expect(problemsOf(c => { c.images.kubectl = 'alpine/k8s:latest'; })[0]).toMatch(/^images\.kubectl: expected a pinned tag: ":latest" changes under you/);
    expect(problemsOf(c => { c.images.kubectl = 'alpine/k8s'; })[0]).toMatch(/^images\.kubectl: expected an explicit tag or digest/);
  });

  test('a CIDR that is not one', () => {
    expect(problemsOf(c => { c.cluster.podCidrs = ['10.0.0.0/33']; })).toEqual(['cluster.podCidrs[0]: expected an IPv4 CIDR such as "10.0.0.0/8", got "10.0.0.0/33"']);
  });

  test('an app port a non-root container without capabilities may not be able to bind', () => {
    const echo = { container: { runAsUser: 10001, port: 80 }, subdomain: 'echo', delivery: { mode: 'rolling', image: 'docker.io/hashicorp/http-echo:1.0.0' }, replicas: 1, resources: { cpu: '50m', memory: '32Mi' } };
    expect(problemsOf(c => { c.apps.web.echo = echo; })).toEqual(['apps.web.echo.container.port: expected an integer from 1024 to 65535, got 80']);
    const input: any = environmentInput('dev');
    input.apps.web.echo = { ...echo, container: { ...echo.container, port: 1024 } };
    expect(parseEnvironment(input, 'dev').apps.web.echo.container).toMatchObject({ port: 1024 });
  });

  test('a NodeLocal DNSCache address that is not an IPv4 address', () => {
    expect(problemsOf(c => { c.cluster.dns.nodeLocalAddresses = ['169.254.20.10', '169.254.20.10/32']; }))
      .toEqual(['cluster.dns.nodeLocalAddresses[1]: expected an IPv4 address such as "169.254.20.10", got "169.254.20.10/32"']);
  });

  test('an unknown field anywhere', () => {
    expect(problemsOf(c => { c.cluster.dns.nameserver = '10.0.0.10'; })).toEqual([
      'cluster.dns.nameserver: unknown field; expected one of namespace, podLabels, nodeLocalAddresses',
    ]);
  });

  test('tenant names may not reuse a stack namespace or repeat', () => {
    expect(problemsOf(c => { c.tenants.push({ ...c.tenants[0] }, { ...c.tenants[0], name: 'logging' }); })).toEqual([
      'tenants[1].name: duplicate tenant "team-a"; tenant names must be unique',
      'tenants[2].name: "logging" is a namespace of the stack itself; choose another tenant name',
    ]);
  });

  test('every problem of every environment is reported in one error', () => {
    const dev: any = environmentInput('dev');
    const prod: any = environmentInput('prod');
    dev.domain = 'UPPER.example.com';
    dev.tenants[0].quota.storage = '-5Gi';
    prod.cluster.apiServer.ports = [0];
    let message = '';
    try {
      parseEnvironments({ dev, prod });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'Invalid environment configuration (3 problems); nothing was written:',
      '  - dev: domain: expected a DNS name such as "example.com" (lowercase letters, digits, "-" and "."), got "UPPER.example.com"',
      '  - dev: tenants[0].quota.storage: expected a Kubernetes quantity such as "500m", "2", "512Mi" or "10Gi", got "-5Gi"',
      '  - prod: cluster.apiServer.ports[0]: expected an integer from 1 to 65535, got 0',
    ]);
  });
});

describe('resources', () => {
  test('a memory request above the memory limit is rejected', () => {
    expect(problemsOf(c => { c.logging.fluentd.resources.memoryRequest = '1Gi'; })).toEqual([
      'logging.fluentd.resources.memoryRequest: expected at most the memory limit 512Mi, got "1Gi"',
    ]);
  });
});
