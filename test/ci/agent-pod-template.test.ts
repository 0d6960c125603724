import { parse } from 'yaml';
import { AGENT_POD_LABELS, AGENT_WORKING_DIR, agentPodTemplate, AgentPodTemplateProps } from '../../lib/ci/agent-pod-template';
import { parseQuantity } from '../../lib/core/quantity';
import { schemaError } from '../support/kube-schema';
import { ENVIRONMENTS, environmentInput } from '../support/render';
import { agentPods, cloud, renderCi, restrictedViolations } from './support';

const minimal: AgentPodTemplateProps = {
  name: 'default',
  labels: ['default'],
  jnlp: { image: 'docker.io/jenkins/inbound-agent:3355.v388858a_47b_33-19-jdk21', resources: { cpu: '500m', memory: '512Mi' } },
  namespace: 'ci-agents',
  serviceAccountName: 'jenkins-agent',
};
const NODE = { name: 'node', image: 'docker.io/library/node:22.12.0-bookworm-slim', resources: { cpu: '1', memory: '1Gi' } };

const podOf = (props: AgentPodTemplateProps) => parse(agentPodTemplate(props).yaml);

describe('agentPodTemplate defaults', () => {
  const template = agentPodTemplate(minimal);
  const pod = parse(template.yaml);
  const [jnlp] = pod.spec.containers;

  test('the JCasC entry: name, namespace, labels, EXCLUSIVE, never retained, the whole pod as YAML', () => {
    expect(template).toMatchObject({
      name: 'default', namespace: 'ci-agents', label: 'default', nodeUsageMode: 'EXCLUSIVE', serviceAccount: 'jenkins-agent',
      podRetention: 'Never', idleMinutes: 0, yamlMergeStrategy: 'override',
    });
    expect(pod).toMatchObject({ apiVersion: 'v1', kind: 'Pod' });
  });

  test('a valid 1.27 Pod that restricted admits, labelled as the NetworkPolicies select agents', () => {
    expect(schemaError({ ...pod, metadata: { ...pod.metadata, name: 'default' } })).toBeUndefined();
    expect(restrictedViolations(pod.spec)).toEqual([]);
    expect(pod.metadata.labels).toMatchObject(AGENT_POD_LABELS);
  });

  test('only jnlp, pinned, in the workspace, requests = limits', () => {
    expect(pod.spec.containers.map((c: any) => c.name)).toEqual(['jnlp']);
    expect(jnlp.image).toBe(minimal.jnlp.image);
    expect(jnlp.workingDir).toBe(AGENT_WORKING_DIR);
    expect(jnlp.resources).toEqual({ requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
  });

  test('numeric uid 1000 everywhere (the image user is a name), writable root for build tools', () => {
    expect(pod.spec.securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000, runAsNonRoot: true, fsGroup: 1000 });
    expect(jnlp.securityContext).toMatchObject({ runAsUser: 1000, readOnlyRootFilesystem: false, allowPrivilegeEscalation: false });
  });

  test('runs as the agent account without its token', () => {
    expect(pod.spec.serviceAccountName).toBe('jenkins-agent');
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    expect(pod.spec.enableServiceLinks).toBe(false);
  });
});

describe('agentPodTemplate overrides', () => {
  test('usage NORMAL and several labels', () => {
    expect(agentPodTemplate({ ...minimal, labels: ['default', 'linux'], usage: 'NORMAL' })).toMatchObject({ label: 'default linux', nodeUsageMode: 'NORMAL' });
  });

  test('build containers idle next to jnlp, with their home in the workspace and exact resources', () => {
    const pod = podOf({ ...minimal, containers: [NODE] });
    const node = pod.spec.containers[1];
    expect(pod.spec.containers.map((c: any) => c.name)).toEqual(['jnlp', 'node']);
    expect(node).toMatchObject({ image: NODE.image, command: ['sleep'], args: ['infinity'], workingDir: AGENT_WORKING_DIR, env: [{ name: 'HOME', value: AGENT_WORKING_DIR }] });
    expect(node.resources).toEqual({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } });
    expect(restrictedViolations(pod.spec)).toEqual([]);
  });
});

describe.each(ENVIRONMENTS)('%s: agent pod templates', env => {
  const { config, objects } = renderCi(environmentInput(env));
  const pods = agentPods(objects);

  test('one JCasC template per configured template, in order', () => {
    expect(cloud(objects).templates.map((t: any) => t.name)).toEqual(config.ci.agents.templates.map(t => t.name));
  });

  test.each(config.ci.agents.templates.map(t => t.name))('%s: restricted admits it, and it fits the ci-agents quota', name => {
    const pod = pods[name];
    expect(restrictedViolations(pod.spec)).toEqual([]);
    const quota = config.ci.agents.quota;
    for (const resource of ['cpu', 'memory'] as const) {
      const sum = pod.spec.containers.reduce((total: number, c: any) => total + parseQuantity(c.resources.limits[resource]), 0);
      expect(sum).toBeLessThanOrEqual(Math.min(parseQuantity(quota.requests[resource]), parseQuantity(quota.limits[resource])));
    }
  });
});
