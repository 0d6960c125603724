import { ConfigError, parseEnvironment } from '../../lib/config/validate';
import { environmentInput } from '../support/render';
import { variant } from './support';

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
  test.each(['dev', 'prod'])('%s is valid', env => {
    expect(problems(environmentInput(env))).toEqual([]);
  });

  test('more than one controller replica is rejected with the reason', () => {
    const found = problems(variant('dev', ci => { ci.controller.replicas = 2; }));
    expect(found).toEqual([expect.stringMatching(/^ci\.controller\.replicas: Jenkins runs exactly one controller: .*JENKINS_HOME.*agents instead/)]);
  });

  test('one replica may be stated explicitly', () => {
    expect(problems(variant('dev', ci => { ci.controller.replicas = 1; }))).toEqual([]);
  });

  test('unpinned or "latest" plugins are rejected', () => {
    const found = problems(variant('dev', ci => { ci.plugins.pins = [...ci.plugins.pins, 'blueocean', 'timestamper:latest']; }));
    expect(found).toEqual([
      expect.stringMatching(/^ci\.plugins\.pins\[4\]: expected a plugin pin "name:version"/),
      expect.stringMatching(/^ci\.plugins\.pins\[5\]: expected a plugin pin "name:version"/),
    ]);
  });

  test('pins cannot select the experimental or incrementals sources, or a URL: the installer would fetch them from other hosts than the mirror', () => {
    const extra = ['timestamper:experimental', 'workflow-step-api:incrementals;org.jenkins-ci.plugins.workflow;2.19-rc289.d09828a05a74', 'ansicolor:1.0.4:https://example.com/ansicolor.hpi'];
    const found = problems(variant('dev', ci => { ci.plugins.pins = [...ci.plugins.pins, ...extra]; }));
    expect(found).toEqual([4, 5, 6].map(i => expect.stringMatching(new RegExp(`^ci\\.plugins\\.pins\\[${i}\\]: expected a plugin pin`))));
  });

  test('the plugins the JCasC needs are required, and each plugin is pinned once', () => {
    const found = problems(variant('dev', ci => { ci.plugins.pins = ['kubernetes:4423.vb_59f230b_ce53', 'git:5.10.1', 'git:5.8.1']; }));
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/^ci\.plugins\.pins: missing required plugin "workflow-aggregator"/),
      expect.stringMatching(/^ci\.plugins\.pins: missing required plugin "configuration-as-code"/),
      expect.stringMatching(/^ci\.plugins\.pins\[2\]: plugin "git" is pinned twice/),
    ]));
  });

  test('a baked image needs no pin list', () => {
    expect(problems(variant('prod', ci => { ci.plugins = { install: 'image' }; ci.controller.image = 'registry.example.com/ci/jenkins:2.555.3-lts-jdk21-1'; }))).toEqual([]);
  });

  test('the startup probe budget is at least two minutes', () => {
    expect(problems(variant('dev', ci => { ci.controller.startupProbeSeconds = 60; })))
      .toEqual([expect.stringMatching(/^ci\.controller\.startupProbeSeconds: expected an integer from 120 to 3600/)]);
  });

  test('an unknown agent mode is rejected', () => {
    expect(problems(variant('dev', ci => { ci.agents.mode = 'jnlp'; })))
      .toEqual([expect.stringMatching(/^ci\.agents\.mode: expected one of "webSocket", "tcp"/)]);
  });

  test('a pod template larger than the agents quota is rejected (it would never be admitted)', () => {
    const found = problems(variant('dev', ci => { ci.agents.templates[1].containers[0].resources = { cpu: '8', memory: '1Gi' }; }));
    expect(found).toContainEqual(expect.stringMatching(/^ci\.agents\.templates\[1\]: pod template "nodejs" needs cpu 8500m \(jnlp \+ containers\), more than the agents quota allows/));
  });

  test('containerCap agents of the largest template must fit the quota together', () => {
    expect(problems(variant('dev', ci => { ci.agents.containerCap = 3; }))).toEqual([
      'ci.agents.containerCap: 3 agents of the largest template need 4500m cpu, more than the agents quota allows (4 requests / 4 limits): lower containerCap or raise the quota',
    ]);
    expect(problems(variant('dev', ci => { ci.agents.containerCap = 2; ci.agents.quota.pods = 1; }))).toEqual([
      'ci.agents.containerCap: 2 agents do not fit the agents quota of 1 pods: lower containerCap or raise agents.quota.pods',
    ]);
  });

  test('"jnlp" is reserved for the agent container', () => {
    const found = problems(variant('dev', ci => { ci.agents.templates[1].containers[0].name = 'jnlp'; }));
    expect(found).toEqual([expect.stringMatching(/^ci\.agents\.templates\[1\]\.containers\[0\]\.name: "jnlp" is the agent container/)]);
  });

  test('a highly available environment may not open egress to the whole internet', () => {
    expect(problems(variant('prod', ci => { ci.egress.internet = true; })))
      .toEqual([expect.stringMatching(/^ci\.egress\.internet: a highly available \(production\) environment may not open CI egress to the whole internet/)]);
  });

  test('egress rule names must be unique and not collide with the fixed flows', () => {
    const found = problems(variant('prod', ci => { ci.egress.allow.push({ name: 'github', cidrs: ['1.2.3.0/24'], ports: [443] }, { name: 'internet', cidrs: ['1.2.3.0/24'], ports: [443] }); }));
    expect(found).toEqual([
      expect.stringMatching(/^ci\.egress\.allow\[2\]\.name: duplicate egress rule "github"/),
      expect.stringMatching(/^ci\.egress\.allow\[3\]\.name: "internet" is reserved; choose another name/),
    ]);
  });

  test.each(['internet', 'kube-apiserver', 'jenkins'])('the egress rule name "%s" is taken by a fixed flow', name => {
    const found = problems(variant('prod', ci => { ci.egress.allow.push({ name, cidrs: ['1.2.3.0/24'], ports: [443] }); }));
    expect(found).toEqual([`ci.egress.allow[2].name: "${name}" is reserved; choose another name`]);
  });

  test('pod template names must be unique', () => {
    const found = problems(variant('dev', ci => { ci.agents.templates[1].name = 'default'; }));
    expect(found).toEqual(['ci.agents.templates[1].name: duplicate pod template "default"']);
  });

  test('container names must be unique within a pod template', () => {
    const found = problems(variant('dev', ci => {
      const node = ci.agents.templates[1].containers[0];
      ci.agents.templates[1].containers.push({ ...node, resources: { cpu: '100m', memory: '128Mi' } });
    }));
    expect(found).toEqual(['ci.agents.templates[1].containers[1].name: duplicate container "node"']);
  });
});
