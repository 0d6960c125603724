import { inherit, inheritanceOf, replace } from '../../lib/config/inherit';
import { EnvironmentInput } from '../../lib/config/schema';
import { ConfigError, parseEnvironment } from '../../lib/config/validate';
import { environments } from '../../lib/config/environments';
import { ENVIRONMENTS, environmentInput, ofKind, renderEnvironment } from '../support/render';

const FROM = { base: 'prod', file: 'lib/config/environments/staging.ts' };
const base = (): EnvironmentInput => environmentInput('prod');

function problems(input: EnvironmentInput): string[] {
  try {
    parseEnvironment(input, 'staging');
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map(p => `${p.environment}: ${p.path}: ${p.message}`);
  }
}

describe('inherit: an environment as another plus overrides', () => {
  test('a nested field is overridden; its siblings stay the base\'s', () => {
    const prod = base();
    const derived = inherit(prod, { logging: { elasticsearch: { storage: { size: '50Gi' } } } }, FROM);
    expect(derived.logging.elasticsearch.storage).toEqual({ ...prod.logging.elasticsearch.storage, size: '50Gi' });
    expect(derived.logging.elasticsearch.replicas).toBe(prod.logging.elasticsearch.replicas);
    expect(derived.logging.kibana).toEqual(prod.logging.kibana);
    expect(problems(derived)).toEqual([]);
  });

  test('the base is not modified, and a change to the base reaches the derived environment', () => {
    const prod = base();
    const before = structuredClone(prod);
    inherit(prod, { domain: 'test.example.com' }, FROM);
    expect(prod).toEqual(before);
    prod.logging.retentionDays = 9;
    expect(inherit(prod, { domain: 'test.example.com' }, FROM).logging.retentionDays).toBe(9);
  });

  test('a list replaces the base\'s list as a whole', () => {
    const prod = base();
    expect(prod.cluster.podCidrs.length).toBeGreaterThan(0);
    const derived = inherit(prod, { cluster: { podCidrs: ['10.48.0.0/12', '10.64.0.0/12'] } }, FROM);
    expect(derived.cluster.podCidrs).toEqual(['10.48.0.0/12', '10.64.0.0/12']);
    const templates = [{ name: 'default', labels: ['default'], usage: 'NORMAL' as const }];
    expect(inherit(prod, { ci: { agents: { templates } } }, FROM).ci.agents.templates).toEqual(templates);
  });

  test('tenants merge by name: a known name merges its fields, a new name is added, order is the base\'s', () => {
    const prod = base();
    const [first, second] = prod.tenants!;
    const qa = { ...structuredClone(first), name: 'qa' };
    const derived = inherit(prod, { tenants: [{ name: second.name, quota: { pods: 7 } }, qa] }, FROM);
    expect(derived.tenants!.map(t => t.name)).toEqual([first.name, second.name, 'qa']);
    expect(derived.tenants![0]).toEqual(first);
    expect(derived.tenants![1]).toEqual({ ...second, quota: { ...second.quota, pods: 7 } });
    expect(problems(derived)).toEqual([]);
  });

  test('replace() swaps a keyed list as a whole', () => {
    const prod = base();
    const [first] = prod.tenants!;
    expect(inherit(prod, { tenants: replace([first]) }, FROM).tenants).toEqual([first]);
  });

  test('apps.web merges by key: an existing app merges, a new one is added', () => {
    const prod = base();
    const web = prod.apps.web!;
    const name = Object.keys(web)[0];
    const echo = { ...structuredClone(web[name]), subdomain: 'echo' };
    const derived = inherit(prod, { apps: { web: { [name]: { resources: { cpu: '10m' } }, echo } } }, FROM);
    expect(derived.apps.web![name]).toEqual({ ...web[name], resources: { ...web[name].resources, cpu: '10m' } });
    expect(derived.apps.web!.echo).toEqual(echo);
    expect(Object.keys(derived.apps.web!)).toEqual([...Object.keys(web), 'echo']);
  });

  test('an override key the base does not have is an error naming the file, not a silent addition', () => {
    const prod = base();
    const derived = inherit(prod, { logging: { kibana: { replica: 3 } } } as any, FROM);
    expect((derived.logging.kibana as any).replica).toBeUndefined();
    expect(inheritanceOf(derived)!.problems).toEqual([expect.objectContaining({ path: 'logging.kibana.replica' })]);
    expect(problems(derived)).toEqual([
      expect.stringMatching(/^staging: logging\.kibana\.replica: lib\/config\/environments\/staging\.ts overrides a field prod does not have: no such field \(expected one of image, replicas/),
    ]);
  });

  test('a schema field the base leaves out is refused too (set it in the base, or replace the enclosing value)', () => {
    const prod = base();
    expect(prod.logging.elasticsearch.storage.storageClassName).toBeUndefined();
    const derived = inherit(prod, { logging: { elasticsearch: { storage: { storageClassName: 'fast' } } } }, FROM);
    expect(problems(derived)).toEqual([expect.stringContaining('staging: logging.elasticsearch.storage.storageClassName: lib/config/environments/staging.ts overrides a field prod does not have: prod does not set it')]);
  });

  test('an override of the wrong type fails validation, blamed on the overriding file; inherited problems on the base', () => {
    const prod = base();
    const derived = inherit(prod, { logging: { retentionDays: -1 } }, FROM);
    expect(problems(derived)).toEqual([expect.stringMatching(/^staging: logging\.retentionDays: .*\(set in lib\/config\/environments\/staging\.ts\)$/)]);
    prod.logging.kibana.replicas = 0;
    expect(problems(inherit(prod, { domain: 'test.example.com' }, FROM))).toEqual([expect.stringMatching(/^staging: logging\.kibana\.replicas: .*\(inherited from prod\)$/)]);
  });

  test('a plain environment, and a copy of a derived one, carry no inheritance', () => {
    expect(inheritanceOf(base())).toBeUndefined();
    expect(inheritanceOf(structuredClone(inherit(base(), {}, FROM)))).toBeUndefined();
  });
});

describe.each(ENVIRONMENTS.filter(env => inheritanceOf(environments[env])))('%s: keeps the shapes of the environment it derives from', env => {
  const { base } = inheritanceOf(environments[env])!;
  const names = (kind: string, e: string) => ofKind(renderEnvironment(e).objects, kind).map(o => `${o.metadata.namespace}/${o.metadata.name}`).sort();

  test('a PodDisruptionBudget wherever the base has one, and the same highly-available setting', () => {
    expect(names('PodDisruptionBudget', base).length).toBeGreaterThan(0);
    expect(names('PodDisruptionBudget', env)).toEqual(expect.arrayContaining(names('PodDisruptionBudget', base)));
    expect(renderEnvironment(env).config.highlyAvailable).toBe(renderEnvironment(base).config.highlyAvailable);
  });

  test('the same workloads and replica shapes: multi-replica in the base stays multi-replica', () => {
    const replicas = (e: string) => new Map(renderEnvironment(e).objects.filter(o => ['Deployment', 'StatefulSet'].includes(o.kind))
      .map(o => [`${o.kind} ${o.metadata.namespace}/${o.metadata.name}`, o.spec.replicas ?? 'hpa']));
    const derived = replicas(env);
    for (const [workload, count] of replicas(base)) {
      expect([workload, derived.has(workload)]).toEqual([workload, true]);
      if (count !== 1) expect([workload, derived.get(workload)]).not.toEqual([workload, 1]);
    }
  });
});
