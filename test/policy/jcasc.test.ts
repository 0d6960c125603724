import { Rule } from '../../lib/policy';
import { IMAGE_RULES } from '../../lib/policy/rules/images';
import { JCASC_RULES, jcasc } from '../../lib/policy/rules/jcasc';
import { PSS_RULES } from '../../lib/policy/rules/pod-security';
import { REF_RULES } from '../../lib/policy/rules/references';
import { RESOURCE_RULES } from '../../lib/policy/rules/resources';
import { SECRET_RULES } from '../../lib/policy/rules/secrets';
import { check, describeRules, editAgentPod, editJcasc, find, platform, QuietCase, RuleCase } from './fixtures';

const TEMPLATES = 'data["jenkins.yaml"].jenkins.clouds[0].kubernetes.templates';
const BUILD = `${TEMPLATES}[0].yaml`;
const JNLP = `${BUILD}.spec.containers[0]`;
const config = { kind: 'ConfigMap', name: 'jenkins-config' };

const cases: RuleCase[] = [
  { rule: JCASC_RULES.podYaml, title: 'embedded pod yaml does not parse', ...config, path: BUILD,
    breakIt: o => editJcasc(o, j => { j.jenkins.clouds[0].kubernetes.templates[0].yaml = 'spec:\n  containers: [\n'; }) },
  { rule: JCASC_RULES.podYaml, title: 'embedded yaml is not a Pod', ...config, path: `${TEMPLATES}[1].yaml`,
    breakIt: o => editAgentPod(o, 1, pod => { pod.kind = 'Deployment'; }) },
];

const quiet: QuietCase[] = [
  { title: 'data values that are not JCasC: unparseable, or YAML of another shape', change: o => {
    Object.assign(find(o, 'ConfigMap', 'web-config').data, { 'broken.yaml': 'clouds: [\n  - a: {', 'other.yaml': 'clouds:\n  - aws: {}\n' });
  } },
  { title: 'a partial pod yaml (spec only, as the kubernetes plugin accepts) is checked like a full one', change: o => {
    editAgentPod(o, 0, pod => { delete pod.apiVersion; delete pod.kind; });
  } },
];

/** A pod rule that must reach an agent pod, reported on the ConfigMap at a path inside the `build` template. */
interface AgentCase {
  readonly rule: Rule;
  readonly title: string;
  readonly path: string;
  readonly edit: (pod: any) => void;
}

const agentCases: AgentCase[] = [
  { rule: PSS_RULES.runAsUser, title: 'agent runs as root', path: `${JNLP}.securityContext.runAsUser`,
    edit: pod => { pod.spec.containers[0].securityContext.runAsUser = 0; } },
  { rule: PSS_RULES.seccompRestricted, title: 'agent without seccomp', path: `${JNLP}.securityContext.seccompProfile.type`,
    edit: pod => { delete pod.spec.securityContext.seccompProfile; } },
  { rule: PSS_RULES.volumeTypes, title: 'agent mounts the Docker socket', path: `${BUILD}.spec.volumes[1].hostPath`,
    edit: pod => { pod.spec.volumes.push({ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }); } },
  { rule: RESOURCE_RULES.memoryLimit, title: 'agent without memory limit', path: `${JNLP}.resources.limits.memory`,
    edit: pod => { delete pod.spec.containers[0].resources.limits; } },
  { rule: IMAGE_RULES.latest, title: 'agent image :latest', path: `${JNLP}.image`,
    edit: pod => { pod.spec.containers[0].image = 'jenkins/inbound-agent:latest'; } },
  { rule: REF_RULES.serviceAccount, title: 'agent ServiceAccount missing in the agent namespace', path: `${BUILD}.spec.serviceAccountName`,
    edit: pod => { pod.spec.serviceAccountName = 'builder'; } },
  { rule: REF_RULES.configMap, title: 'agent mounts a missing ConfigMap', path: `${BUILD}.spec.volumes[0].configMap.name`,
    edit: pod => { pod.spec.volumes[0].configMap.name = 'tools'; } },
  { rule: SECRET_RULES.literalEnv, title: 'agent with a literal token', path: `${JNLP}.env[0].value`,
    edit: pod => { pod.spec.containers[0].env = [{ name: 'GITHUB_TOKEN', value: 'ghp_x' }]; } },
];

describe('JCasC agent pod templates', () => {
  describeRules(jcasc, cases, quiet);

  test.each(agentCases.map(c => [`${c.rule.id}: ${c.title}`, c] as const))('pod rules reach agent pods: %s', (_title, c) => {
    const objects = platform();
    editAgentPod(objects, 0, c.edit);
    // The ConfigMap lives in `agents`; the finding is about the agent pod in the cloud namespace `apps`.
    expect(check(objects)).toEqual([expect.objectContaining({ ruleId: c.rule.id, ...config, namespace: 'agents', path: c.path })]);
  });

  test('agent pods run to completion: containers without probes pass', () => {
    const objects = platform();
    editAgentPod(objects, 0, pod => { delete pod.spec.containers[0].readinessProbe; delete pod.spec.containers[0].livenessProbe; });
    expect(check(objects)).toEqual([]);
  });

  test('the level is the template namespace\'s: root-tools is allowed in `agents`, refused in the cloud namespace `apps`', () => {
    const objects = platform();
    editJcasc(objects, j => { delete j.jenkins.clouds[0].kubernetes.templates[1].namespace; });
    expect(check(objects).map(v => [v.ruleId, v.path])).toEqual(expect.arrayContaining([
      [PSS_RULES.runAsUser.id, `${TEMPLATES}[1].yaml.spec.containers[0].securityContext.runAsUser`],
      [PSS_RULES.seccompRestricted.id, `${TEMPLATES}[1].yaml.spec.containers[0].securityContext.seccompProfile.type`],
    ]));
  });

  test('a NetworkPolicy selecting agents is satisfied by the cloud podLabels of a JCasC template', () => {
    const objects = platform();
    editJcasc(objects, j => { delete j.jenkins.clouds[0].kubernetes.podLabels; });
    expect(check(objects)).toEqual([
      expect.objectContaining({ ruleId: REF_RULES.netpolSelector.id, kind: 'NetworkPolicy', name: 'agent-egress', path: 'spec.podSelector' }),
    ]);
  });

  test('the controller namespace (the ConfigMap\'s) is used when neither the template nor the cloud names one', () => {
    const objects = platform();
    editJcasc(objects, j => { delete j.jenkins.clouds[0].kubernetes.namespace; });
    const netpol = find(objects, 'NetworkPolicy', 'agent-egress');
    netpol.metadata.namespace = 'agents';
    netpol.spec.egress = [];
    const ids = check(objects).map(v => `${v.ruleId} ${v.path}`);
    // `build` now runs in `agents`, where its ServiceAccount and ConfigMap do not exist.
    expect(ids).toEqual([
      `${REF_RULES.configMap.id} ${BUILD}.spec.volumes[0].configMap.name`,
      `${REF_RULES.serviceAccount.id} ${BUILD}.spec.serviceAccountName`,
    ]);
  });
});
