import { REQUIRED_PLUGINS } from '../../lib/config/ci';
import { PROMETHEUS_PLUGIN_PIN } from '../../lib/ci/prometheus-plugin-facts';
import { ConfigError, parseEnvironment } from '../../lib/config/validate';
import { ENVIRONMENTS, environmentInput } from '../support/render';

const MIRROR_HOST = 'artifacts.example.test';
const MIRROR = `https://${MIRROR_HOST}/jenkins`;
const BAKED_IMAGE = 'registry.example.com/ci/jenkins:2.555.3-lts-jdk21-1';

/**
 * A valid `ci` section of its own, so these checks do not depend on what the environment files hold:
 * a jnlp-only and a nodejs template (1 + 1.5 cpu), a quota of 4 cpu, and a mirror inside the egress.
 */
function ciInput(): any {
  const resources = (cpu: string, memory: string) => ({ cpu, memory });
  return {
    enabled: true,
    controller: { image: 'docker.io/jenkins/jenkins:2.555.3-lts-jdk21', resources: resources('500m', '2Gi'), storage: { size: '8Gi' } },
    plugins: { install: 'initContainer', pins: [...REQUIRED_PLUGINS.map(name => `${name}:1.0`), PROMETHEUS_PLUGIN_PIN], mirror: { url: MIRROR } },
    agents: {
      mode: 'webSocket',
      containerCap: 2,
      jnlp: { image: 'docker.io/jenkins/inbound-agent:3355.v388858a_47b_33-19-jdk21', resources: resources('500m', '512Mi') },
      templates: [
        { name: 'default', labels: ['default'], usage: 'NORMAL' },
        { name: 'nodejs', labels: ['nodejs'], containers: [{ name: 'node', image: 'docker.io/library/node:22.12.0-bookworm-slim', resources: resources('1', '1Gi') }] },
      ],
      quota: {
        requests: resources('4', '6Gi'), limits: resources('4', '6Gi'), pods: 8, persistentVolumeClaims: 0, storage: '0',
        containerDefaults: { request: resources('250m', '256Mi'), limit: resources('250m', '256Mi') },
      },
    },
    egress: {
      allow: [
        { name: 'artifacts', cidrs: ['10.20.0.0/24'], ports: [443], hosts: [MIRROR_HOST] },
        { name: 'github', cidrs: ['140.82.112.0/20'], ports: [22, 443], from: ['agents'] },
      ],
    },
  };
}

/** A declared environment (highly available or not) with the fixture as its `ci` section, changed. */
function variant(change: (ci: any) => void, highlyAvailable = false): unknown {
  const env = ENVIRONMENTS.find(name => Boolean(environmentInput(name).highlyAvailable) === highlyAvailable);
  if (!env) throw new Error(`no ${highlyAvailable ? '' : 'non-'}highly-available environment is declared`);
  const input: any = environmentInput(env);
  input.ci = ciInput();
  change(input.ci);
  return input;
}

function problems(input: unknown): string[] {
  try {
    parseEnvironment(input, 'test');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map(p => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('ci config', () => {
  test.each(ENVIRONMENTS)('%s is valid', env => {
    expect(problems(environmentInput(env))).toEqual([]);
  });

  test('the fixture is valid, highly available or not', () => {
    expect(problems(variant(() => {}))).toEqual([]);
    expect(problems(variant(() => {}, true))).toEqual([]);
  });

  test('more than one controller replica is rejected with the reason', () => {
    const found = problems(variant(ci => { ci.controller.replicas = 2; }));
    expect(found).toEqual([expect.stringMatching(/^ci\.controller\.replicas: Jenkins runs exactly one controller: .*JENKINS_HOME.*agents instead/)]);
  });

  test('one replica may be stated explicitly', () => {
    expect(problems(variant(ci => { ci.controller.replicas = 1; }))).toEqual([]);
  });

  test('unpinned or "latest" plugins are rejected', () => {
    let first = 0;
    const found = problems(variant(ci => { first = ci.plugins.pins.length; ci.plugins.pins = [...ci.plugins.pins, 'blueocean', 'timestamper:latest']; }));
    expect(found).toEqual([first, first + 1].map(i => expect.stringMatching(new RegExp(`^ci\\.plugins\\.pins\\[${i}\\]: expected a plugin pin "name:version"`))));
  });

  test('pins cannot select the experimental or incrementals sources, or a URL: the installer would fetch them from other hosts than the mirror', () => {
    const extra = ['timestamper:experimental', 'workflow-step-api:incrementals;org.jenkins-ci.plugins.workflow;2.19-rc289.d09828a05a74', 'ansicolor:1.0.4:https://example.com/ansicolor.hpi'];
    let first = 0;
    const found = problems(variant(ci => { first = ci.plugins.pins.length; ci.plugins.pins = [...ci.plugins.pins, ...extra]; }));
    expect(found).toEqual([first, first + 1, first + 2].map(i => expect.stringMatching(new RegExp(`^ci\\.plugins\\.pins\\[${i}\\]: expected a plugin pin`))));
  });

  test('the plugins the JCasC needs are required, and each plugin is pinned once', () => {
    const found = problems(variant(ci => { ci.plugins.pins = ['kubernetes:4423.vb_59f230b_ce53', 'git:5.10.1', 'git:5.8.1']; }));
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/^ci\.plugins\.pins: missing required plugin "workflow-aggregator"/),
      expect.stringMatching(/^ci\.plugins\.pins: missing required plugin "configuration-as-code"/),
      expect.stringMatching(/^ci\.plugins\.pins\[2\]: plugin "git" is pinned twice/),
    ]));
  });

  test('with monitoring on, the prometheus plugin must be pinned at the version the Jenkins rules were written against', () => {
    const without = problems(variant(ci => { ci.plugins.pins = ci.plugins.pins.filter((p: string) => p !== PROMETHEUS_PLUGIN_PIN); }));
    expect(without).toEqual([expect.stringMatching(/^ci\.plugins\.pins: expected "prometheus:852\.v317db_5d17a_b_0" with monitoring enabled/)]);
    const otherVersion = problems(variant(ci => { ci.plugins.pins = ci.plugins.pins.map((p: string) => p === PROMETHEUS_PLUGIN_PIN ? 'prometheus:2.0' : p); }));
    expect(otherVersion).toEqual([expect.stringMatching(/^ci\.plugins\.pins: expected "prometheus:/)]);
  });

  test('without monitoring the prometheus plugin is not required', () => {
    const input: any = variant(ci => { ci.plugins.pins = ci.plugins.pins.filter((p: string) => p !== PROMETHEUS_PLUGIN_PIN); });
    input.monitoring = { ...input.monitoring, enabled: false };
    expect(problems(input)).toEqual([]);
  });

  test('the startup probe budget is at least two minutes', () => {
    expect(problems(variant(ci => { ci.controller.startupProbeSeconds = 60; })))
      .toEqual([expect.stringMatching(/^ci\.controller\.startupProbeSeconds: expected an integer from 120 to 3600/)]);
  });

  test('an unknown agent mode is rejected', () => {
    expect(problems(variant(ci => { ci.agents.mode = 'jnlp'; })))
      .toEqual([expect.stringMatching(/^ci\.agents\.mode: expected one of "webSocket", "tcp"/)]);
  });

  test('a pod template larger than the agents quota is rejected (it would never be admitted)', () => {
    const found = problems(variant(ci => { ci.agents.templates[1].containers[0].resources = { cpu: '8', memory: '1Gi' }; }));
    expect(found).toContainEqual(expect.stringMatching(/^ci\.agents\.templates\[1\]: pod template "nodejs" needs cpu 8500m \(jnlp \+ containers\), more than the agents quota allows/));
  });

  test('containerCap agents of the largest template must fit the quota together', () => {
    expect(problems(variant(ci => { ci.agents.containerCap = 3; }))).toEqual([
      'ci.agents.containerCap: 3 agents of the largest template need 4500m cpu, more than the agents quota allows (4 requests / 4 limits): lower containerCap or raise the quota',
    ]);
    expect(problems(variant(ci => { ci.agents.containerCap = 2; ci.agents.quota.pods = 1; }))).toEqual([
      'ci.agents.containerCap: 2 agents do not fit the agents quota of 1 pods: lower containerCap or raise agents.quota.pods',
    ]);
  });

  test('"jnlp" is reserved for the agent container', () => {
    const found = problems(variant(ci => { ci.agents.templates[1].containers[0].name = 'jnlp'; }));
    expect(found).toEqual([expect.stringMatching(/^ci\.agents\.templates\[1\]\.containers\[0\]\.name: "jnlp" is the agent container/)]);
  });

  test('a highly available environment may not open egress to the whole internet', () => {
    expect(problems(variant(() => {}, true))).toEqual([]);
    expect(problems(variant(ci => { ci.egress.internet = true; }, true)))
      .toEqual([expect.stringMatching(/^ci\.egress\.internet: a highly available \(production\) environment may not open CI egress to the whole internet/)]);
  });

  test('egress rule names must be unique and not collide with the fixed flows', () => {
    const found = problems(variant(ci => { ci.egress.allow.push({ name: 'github', cidrs: ['1.2.3.0/24'], ports: [443] }, { name: 'internet', cidrs: ['1.2.3.0/24'], ports: [443] }); }));
    expect(found).toEqual([
      expect.stringMatching(/^ci\.egress\.allow\[2\]\.name: duplicate egress rule "github"/),
      expect.stringMatching(/^ci\.egress\.allow\[3\]\.name: "internet" is reserved; choose another name/),
    ]);
  });

  test.each(['internet', 'kube-apiserver', 'jenkins'])('the egress rule name "%s" is taken by a fixed flow', name => {
    const found = problems(variant(ci => { ci.egress.allow.push({ name, cidrs: ['1.2.3.0/24'], ports: [443] }); }));
    expect(found).toEqual([`ci.egress.allow[2].name: "${name}" is reserved; choose another name`]);
  });

  test('pod template names must be unique', () => {
    const found = problems(variant(ci => { ci.agents.templates[1].name = 'default'; }));
    expect(found).toEqual(['ci.agents.templates[1].name: duplicate pod template "default"']);
  });

  test('container names must be unique within a pod template', () => {
    const found = problems(variant(ci => {
      const node = ci.agents.templates[1].containers[0];
      ci.agents.templates[1].containers.push({ ...node, resources: { cpu: '100m', memory: '128Mi' } });
    }));
    expect(found).toEqual(['ci.agents.templates[1].containers[1].name: duplicate container "node"']);
  });
});

describe('the plugin mirror must be inside the egress', () => {
  test('a mirror host no allow rule lists is rejected, naming the host and the variables', () => {
    expect(problems(variant(ci => { ci.plugins.mirror = { url: 'https://mirror.example.org/jenkins' }; }))).toEqual([
      'ci.plugins.mirror.url: jenkins-plugin-cli fetches from mirror.example.org:443 (JENKINS_UC, JENKINS_PLUGIN_INFO, JENKINS_UC_DOWNLOAD_URL), '
      + 'but no ci.egress.allow rule from the controller lists that host and port: add the host to the rule whose CIDRs serve it, '
      + 'or bake the plugins into the image (install "image"), got "https://mirror.example.org/jenkins"',
    ]);
  });

  test('the rule must open the URL\'s port and apply to the controller', () => {
    expect(problems(variant(ci => { ci.plugins.mirror = { url: `https://${MIRROR_HOST}:8443/jenkins` }; })))
      .toEqual([expect.stringMatching(/^ci\.plugins\.mirror\.url: jenkins-plugin-cli fetches from artifacts\.example\.test:8443 /)]);
    expect(problems(variant(ci => { ci.egress.allow[0].from = ['agents']; })))
      .toEqual([expect.stringMatching(/^ci\.plugins\.mirror\.url: jenkins-plugin-cli fetches from artifacts\.example\.test:443 /)]);
  });

  test('without a mirror and without internet egress, the mirror is required', () => {
    expect(problems(variant(ci => { delete ci.plugins.mirror; }))).toEqual([
      expect.stringMatching(/^ci\.plugins\.mirror: jenkins-plugin-cli fetches from updates\.jenkins\.io:443 \(JENKINS_UC, JENKINS_PLUGIN_INFO\), .*set a mirror inside the egress allow-list/),
    ]);
  });

  test('with internet egress (allowed outside highly available environments) no mirror is needed', () => {
    expect(problems(variant(ci => { delete ci.plugins.mirror; ci.egress = { internet: true }; }))).toEqual([]);
  });

  test('install "image" needs a custom image: the stock one has no plugins', () => {
    expect(problems(variant(ci => { ci.plugins = { install: 'image' }; })))
      .toEqual([expect.stringMatching(/^ci\.controller\.image: install "image" needs an image with the plugins baked in, but docker\.io\/jenkins\/jenkins:2\.555\.3-lts-jdk21 ships none/)]);
    expect(problems(variant(ci => { ci.plugins = { install: 'image' }; ci.controller.image = BAKED_IMAGE; }))).toEqual([]);
  });
});
