import { upstreamImage } from '../../lib/core/image';
import { mirrorEnv, PLUGIN_CLI, pluginCliFetches } from '../../lib/ci/plugin-cli-facts';
import { NAMESPACE } from '../../lib/platform/stack-namespaces';
import { ENVIRONMENTS, environmentInput, KubeObject, ofKind } from '../support/render';
import { renderCi, statefulSet } from './support';

const MIRROR = 'https://artifacts.example.test/jenkins-update-center';

const envOf = (container: any): Record<string, string> => Object.fromEntries((container.env ?? []).map((e: any) => [e.name, e.value]));

/** Ports the controller may reach on `to` ('internet', or an allow rule's name), read from the rendered NetworkPolicy. */
function controllerEgressPorts(objects: KubeObject[], to: string): number[] | 'all' | undefined {
  const policy = ofKind(objects, 'NetworkPolicy').find(p => p.metadata.namespace === NAMESPACE.ci && p.metadata.name === `jenkins-to-${to}-egress`);
  if (!policy) return undefined;
  const ports = policy.spec.egress.flatMap((rule: any) => rule.ports ?? []);
  return ports.length === 0 ? 'all' : ports.map((p: any) => p.port);
}

describe(`jenkins-plugin-cli ${PLUGIN_CLI.version} in ${PLUGIN_CLI.readFrom}`, () => {
  test('the image defaults alone: everything from updates.jenkins.io', () => {
    expect(pluginCliFetches({})).toEqual([
      { variable: 'JENKINS_UC', url: 'https://updates.jenkins.io/update-center.json' },
      { variable: 'JENKINS_PLUGIN_INFO', url: 'https://updates.jenkins.io/plugin-versions.json' },
      { variable: 'JENKINS_UC', url: 'https://updates.jenkins.io/download/plugins/<name>/<version>/<name>.hpi' },
    ]);
  });

  test('with only JENKINS_UC set, plugin-versions.json still comes from updates.jenkins.io and downloads drop the path', () => {
    expect(pluginCliFetches({ JENKINS_UC: MIRROR })).toEqual([
      { variable: 'JENKINS_UC', url: `${MIRROR}/update-center.json` },
      { variable: 'JENKINS_PLUGIN_INFO', url: 'https://updates.jenkins.io/plugin-versions.json' },
      { variable: 'JENKINS_UC', url: 'https://artifacts.example.test/download/plugins/<name>/<version>/<name>.hpi' },
    ]);
  });

  test('JENKINS_UC_DOWNLOAD_URL wins over JENKINS_UC_DOWNLOAD, which wins over the host of JENKINS_UC', () => {
    expect(pluginCliFetches({ JENKINS_UC_DOWNLOAD: 'https://a.example/dl' })[2].url).toBe('https://a.example/dl/plugins/<name>/<version>/<name>.hpi');
    expect(pluginCliFetches({ JENKINS_UC_DOWNLOAD: 'https://a.example/dl', JENKINS_UC_DOWNLOAD_URL: 'https://b.example/p' })[2])
      .toEqual({ variable: 'JENKINS_UC_DOWNLOAD_URL', url: 'https://b.example/p/<name>/<version>/<name>.hpi' });
  });

  test('mirrorEnv puts every fetch under the mirror (a trailing "/" is ignored)', () => {
    for (const { url } of pluginCliFetches(mirrorEnv(`${MIRROR}/`))) expect(url.startsWith(`${MIRROR}/`)).toBe(true);
  });
});

describe.each(ENVIRONMENTS)('%s: the plugin installer', env => {
  const input = environmentInput(env);
  const { config, objects } = renderCi(input);
  const installer = statefulSet(objects).spec.template.spec.initContainers?.[0];

  test('an init container install uses the image these facts were read from (a new pin means re-reading the CLI source)', () => {
    expect(config.ci.plugins.install === 'initContainer' ? upstreamImage(config.ci.controller.image, config.images.registry) : PLUGIN_CLI.readFrom).toBe(PLUGIN_CLI.readFrom);
  });

  test('every host it fetches from is open: through the internet flow, or the allow rule that lists the host and its port', () => {
    const internet = controllerEgressPorts(objects, 'internet') === 'all';
    for (const { url } of installer ? pluginCliFetches(envOf(installer)) : []) {
      const { hostname, port } = new URL(url);
      const rule = config.ci.egress.allow.find(r => r.hosts.includes(hostname) && r.from.includes('controller'));
      const ports = rule && controllerEgressPorts(objects, rule.name);
      expect(internet || (Array.isArray(ports) && ports.includes(Number(port || 443)))).toBe(true);
    }
  });
});
