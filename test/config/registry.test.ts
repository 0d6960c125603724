import { imageFields, resolveImages } from '../../lib/config/registry';
import { environmentSchema } from '../../lib/config/schema';
import { ConfigError, parseEnvironment } from '../../lib/config/validate';
import { imageParts } from '../../lib/core/image';
import { Inventory, allContainers } from '../../lib/policy/inventory';
import { ENVIRONMENTS, environmentInput, renderEnvironment } from '../support/render';

const mirror = { host: 'registry.example.com', paths: { 'docker.io': 'dockerhub', 'gcr.io': 'gcr', 'docker.elastic.co': 'elastic' } };

describe.each(ENVIRONMENTS)('%s: images and the registry mirror', env => {
  const { config, objects } = renderEnvironment(env);
  const registry = config.images.registry;
  const templates = [...allContainers(new Inventory(objects.map(object => ({ object }))))];

  test('every pod template image, JCasC agent templates included, is on the mirror when the environment has one', () => {
    expect(templates.length).toBeGreaterThan(0);
    if (config.ci.enabled) expect(templates.some(([t]) => t.owner.kind === 'ConfigMap')).toBe(true);
    const hosts = new Set(templates.map(([, { container }]) => imageParts(container.image).registry));
    if (registry) expect([...hosts]).toEqual([registry.host]);
    else expect(hosts.has('registry.example.com')).toBe(false);
  });

  test('every pod pulls with the declared pull secret: workload pod specs directly, JCasC agents through their ServiceAccount', () => {
    const workloads = templates.filter(([t]) => t.owner.kind !== 'ConfigMap').map(([t]) => t);
    const agents = templates.filter(([t]) => t.owner.kind === 'ConfigMap').map(([t]) => t);
    if (!registry) {
      expect(objects.filter(o => JSON.stringify(o).includes('imagePullSecrets'))).toEqual([]);
      return;
    }
    const pullSecrets = [{ name: registry.pullSecret }];
    for (const t of workloads) expect(t.spec.imagePullSecrets).toEqual(pullSecrets);
    for (const t of agents) {
      const account = objects.find(o => o.kind === 'ServiceAccount' && o.metadata.name === t.spec.serviceAccountName && o.metadata.namespace === t.namespace);
      expect(account?.imagePullSecrets).toEqual(pullSecrets);
    }
    const declared = objects.filter(o => o.kind === 'ConfigMap' && o.metadata.labels?.['platform.internal/declared-secrets'] === 'true')
      .flatMap(o => JSON.parse(o.data['secrets.json']).secrets).find((s: any) => s.name === registry.pullSecret);
    expect(declared).toMatchObject({ origin: 'external', keys: ['.dockerconfigjson'] });
    expect(declared.namespaces).toEqual(expect.arrayContaining([...new Set(templates.map(([t]) => t.namespace))]));
  });

  test('every image field of the config is resolved to what the cluster pulls', () => {
    const fields = imageFields(environmentSchema, config);
    expect(fields.length).toBeGreaterThan(0);
    const rendered = new Set(templates.map(([, { container }]) => container.image));
    for (const { value } of fields) {
      if (registry) expect(imageParts(value).registry).toBe(registry.host);
    }
    // Every rendered image comes from a config field: nothing bypasses the resolution.
    for (const image of rendered) expect(fields.map(f => f.value)).toContain(image);
  });
});

describe('images.registry', () => {
  test('rewrites every image field found through the schema, keeping tag and digest', () => {
    const input = environmentInput('dev');
    const digest = `sha256:${'c'.repeat(64)}`;
    input.images.kubectl = `docker.io/alpine/k8s:1.27.16@${digest}`;
    const config = parseEnvironment(input, 'dev');
    const resolved = resolveImages(environmentSchema, config, mirror);
    expect(resolved.images.kubectl).toBe(`registry.example.com/dockerhub/alpine/k8s:1.27.16@${digest}`);
    expect(resolved.logging.kibana.image).toBe(config.logging.kibana.image.replace('docker.elastic.co/', 'registry.example.com/elastic/'));
    expect(resolved.ci.agents.templates.flatMap(t => t.containers.map(c => c.image)))
      .toEqual(config.ci.agents.templates.flatMap(t => t.containers.map(c => c.image.replace('docker.io/', 'registry.example.com/dockerhub/'))));
    expect(config.images.kubectl).toBe(input.images.kubectl);
  });

  test('an image from a registry the mirror has no path for is a config error naming the field', () => {
    const input = environmentInput('dev');
    input.images.registry = { host: 'registry.example.com', paths: { 'docker.io': 'dockerhub' } };
    try {
      parseEnvironment(input, 'dev');
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const paths = (error as ConfigError).problems.map(p => p.path);
      expect(paths).toContain('logging.elasticsearch.image');
      expect(paths).toContain('apps.web.hello-world.delivery.image');
      expect(paths).not.toContain('images.kubectl');
    }
  });

  test('a bad mirror host is refused', () => {
    const input = environmentInput('dev');
    input.images.registry = { host: 'https://registry.example.com' };
    expect(() => parseEnvironment(input, 'dev')).toThrow(/dev: images\.registry\.host: expected a registry host/);
  });
});
