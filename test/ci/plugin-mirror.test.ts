import { PLUGIN_CLI, pluginCliFetches } from '../../lib/ci/plugin-cli-facts';
import { JENKINS_PROPERTY } from '../../lib/ci/update-site';
import { ConfigError, parseEnvironment } from '../../lib/config/validate';
import { NAMESPACE } from '../../lib/platform/stack-namespaces';
import { environmentInput, KubeObject, ofKind } from '../support/render';
import { renderCi, statefulSet, variant } from './support';

const MIRROR = 'https://artifacts.platform.example.com/jenkins-update-center';
const BAKED_IMAGE = 'registry.example.com/ci/jenkins:2.555.3-lts-jdk21-1';

const envOf = (container: any): Record<string, string> => Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
const javaOpts = (objects: KubeObject[]): string[] => envOf(statefulSet(objects).spec.template.spec.containers[0]).JAVA_OPTS.split(' ');

function problems(input: unknown): string[] {
  try {
    parseEnvironment(input, 'test');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map(p => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

/** Ports the controller may reach on `to` ('internet', or an allow rule's name), read from the rendered NetworkPolicy. */
function controllerEgressPorts(objects: KubeObject[], to: string): number[] | 'all' | undefined {
  const policy = ofKind(objects, 'NetworkPolicy').find(p => p.metadata.namespace === NAMESPACE.ci && p.metadata.name === `jenkins-to-${to}-egress`);
  if (!policy) return undefined;
  const ports = policy.spec.egress.flatMap((rule: any) => rule.ports ?? []);
  return ports.length === 0 ? 'all' : ports.map((p: any) => p.port);
}

describe('jenkins-plugin-cli facts (plugin-installation-manager-tool 2.15.0 in jenkins/jenkins:2.555.3)', () => {
  test.each(['dev', 'prod'])('%s pins the controller image the facts were read from (a new pin means re-reading the CLI source)', env => {
    expect(environmentInput(env).ci.controller.image).toBe(PLUGIN_CLI.readFrom);
  });

  test('with only JENKINS_UC set, plugin-versions.json still comes from updates.jenkins.io and downloads drop the path', () => {
    expect(pluginCliFetches({ JENKINS_UC: MIRROR })).toEqual([
      { variable: 'JENKINS_UC', url: `${MIRROR}/update-center.json` },
      { variable: 'JENKINS_PLUGIN_INFO', url: 'https://updates.jenkins.io/plugin-versions.json' },
      { variable: 'JENKINS_UC', url: 'https://artifacts.platform.example.com/download/plugins/<name>/<version>/<name>.hpi' },
    ]);
  });

  test('JENKINS_UC_DOWNLOAD_URL wins over JENKINS_UC_DOWNLOAD, which wins over the host of JENKINS_UC', () => {
    expect(pluginCliFetches({ JENKINS_UC_DOWNLOAD: 'https://a.example/dl' })[2].url).toBe('https://a.example/dl/plugins/<name>/<version>/<name>.hpi');
    expect(pluginCliFetches({ JENKINS_UC_DOWNLOAD: 'https://a.example/dl', JENKINS_UC_DOWNLOAD_URL: 'https://b.example/p' })[2])
      .toEqual({ variable: 'JENKINS_UC_DOWNLOAD_URL', url: 'https://b.example/p/<name>/<version>/<name>.hpi' });
  });
});

describe.each(['dev', 'prod'])('%s: every host the plugin installer fetches from is open in the rendered egress', env => {
  const { config, objects } = renderCi(environmentInput(env));
  const installer = statefulSet(objects).spec.template.spec.initContainers[0];
  const fetches = pluginCliFetches(envOf(installer));
  const internet = controllerEgressPorts(objects, 'internet') === 'all';

  test('through the internet flow, or through the allow rule that lists the host', () => {
    for (const { url } of fetches) {
      const { hostname, port } = new URL(url);
      const rule = config.ci.egress.allow.find(r => r.hosts.includes(hostname) && r.from.includes('controller'));
      const ports = rule && controllerEgressPorts(objects, rule.name);
      expect(internet || (Array.isArray(ports) && ports.includes(Number(port || 443)))).toBe(true);
    }
  });

  test('with a mirror, every URL lies under it', () => {
    const mirror = config.ci.plugins.install === 'initContainer' ? config.ci.plugins.mirror?.url : undefined;
    if (!mirror) return expect(internet).toBe(true);
    for (const { url } of fetches) expect(url.startsWith(`${mirror}/`)).toBe(true);
  });
});

describe('the mirror must be inside the egress', () => {
  test('prod with its mirror is valid', () => {
    expect(problems(environmentInput('prod'))).toEqual([]);
  });

  test('a mirror host no allow rule lists is rejected, naming the host and the variables', () => {
    expect(problems(variant('prod', ci => { ci.plugins.mirror = { url: 'https://mirror.example.org/jenkins' }; }))).toEqual([
      'ci.plugins.mirror.url: jenkins-plugin-cli fetches from mirror.example.org:443 (JENKINS_UC, JENKINS_PLUGIN_INFO, JENKINS_UC_DOWNLOAD_URL), '
      + 'but no ci.egress.allow rule from the controller lists that host and port: add the host to the rule whose CIDRs serve it, '
      + 'or bake the plugins into the image (install "image"), got "https://mirror.example.org/jenkins"',
    ]);
  });

  test('the rule must open the URL\'s port and apply to the controller', () => {
    expect(problems(variant('prod', ci => { ci.plugins.mirror = { url: 'https://artifacts.platform.example.com:8443/jenkins' }; })))
      .toEqual([expect.stringMatching(/^ci\.plugins\.mirror\.url: jenkins-plugin-cli fetches from artifacts\.platform\.example\.com:8443 /)]);
    expect(problems(variant('prod', ci => { ci.egress.allow[0].from = ['agents']; })))
      .toEqual([expect.stringMatching(/^ci\.plugins\.mirror\.url: jenkins-plugin-cli fetches from artifacts\.platform\.example\.com:443 /)]);
  });

  test('without a mirror and without internet egress, the mirror is required', () => {
    expect(problems(variant('prod', ci => { delete ci.plugins.mirror; }))).toEqual([
      expect.stringMatching(/^ci\.plugins\.mirror: jenkins-plugin-cli fetches from updates\.jenkins\.io:443 \(JENKINS_UC, JENKINS_PLUGIN_INFO\), .*set a mirror inside the egress allow-list/),
    ]);
  });

  test('with internet egress no mirror is needed', () => {
    expect(problems(variant('dev', ci => { delete ci.plugins.mirror; }))).toEqual([]);
  });

  test('install "image" needs a custom image: the stock one has no plugins', () => {
    expect(problems(variant('prod', ci => { ci.plugins = { install: 'image' }; })))
      .toEqual([expect.stringMatching(/^ci\.controller\.image: install "image" needs an image with the plugins baked in, but docker\.io\/jenkins\/jenkins:2\.555\.3-lts-jdk21 ships none/)]);
    expect(problems(variant('prod', ci => { ci.plugins = { install: 'image' }; ci.controller.image = BAKED_IMAGE; }))).toEqual([]);
  });
});

describe('the controller\'s own outbound calls stay inside its egress', () => {
  const property = (name: string, value: string) => `-D${name}=${value}`;

  test('prod: the update site is the mirror (Jenkins appends update-center.json), usage statistics and telemetry are off', () => {
    const opts = javaOpts(renderCi(environmentInput('prod')).objects);
    expect(opts).toContain(property(JENKINS_PROPERTY.updateCenterUrl, `${MIRROR}/`));
    expect(opts).toContain(property(JENKINS_PROPERTY.usageStatisticsDisabled, 'true'));
    expect(opts.filter(o => o.startsWith(`-D${JENKINS_PROPERTY.updateCenterNever}=`))).toEqual([]);
  });

  test('baked image without a mirror and without internet: no update-site checks at all', () => {
    const { objects } = renderCi(variant('prod', ci => { ci.plugins = { install: 'image' }; ci.controller.image = BAKED_IMAGE; }));
    const opts = javaOpts(objects);
    expect(opts).toContain(property(JENKINS_PROPERTY.updateCenterNever, 'true'));
    expect(opts).toContain(property(JENKINS_PROPERTY.usageStatisticsDisabled, 'true'));
    expect(opts.filter(o => o.startsWith(`-D${JENKINS_PROPERTY.updateCenterUrl}=`))).toEqual([]);
    expect(statefulSet(objects).spec.template.spec.initContainers).toBeUndefined();
  });

  test('dev (internet egress): Jenkins keeps its defaults', () => {
    const opts = javaOpts(renderCi(environmentInput('dev')).objects);
    expect(opts.filter(o => Object.values(JENKINS_PROPERTY).some(name => o.startsWith(`-D${name}=`)))).toEqual([]);
  });
});
