import { AGENT_STARTUP } from '../../lib/ci/agent-startup-facts';
import { AGENT_POD_LABELS, AGENT_WORKING_DIR } from '../../lib/ci/agent-pod-template';
import { JNLP_CONTAINER } from '../../lib/ci/identity';
import { matchesSelector } from '../../lib/policy/selectors';
import { ENVIRONMENTS, KubeObject, ofKind, renderEnvironment } from '../support/render';
import { agentPods, cloud, statefulSet } from './support';

/** Policies of `namespace` selecting pods with `labels` for `direction`, and the TCP ports their rules open towards/from `peer`. */
function allowedPorts(objects: readonly KubeObject[], namespace: string, labels: Record<string, string>, direction: 'ingress' | 'egress', peer: { namespace: string; labels: Record<string, string> }): number[] {
  const peerField = direction === 'ingress' ? 'from' : 'to';
  return ofKind(objects, 'NetworkPolicy')
    .filter(p => p.metadata.namespace === namespace && (p.spec.policyTypes ?? []).includes(direction === 'ingress' ? 'Ingress' : 'Egress') && matchesSelector(p.spec.podSelector, labels))
    .flatMap(p => p.spec[direction] ?? [])
    .filter((rule: any) => (rule[peerField] ?? []).some((to: any) =>
      to.podSelector && matchesSelector(to.podSelector, peer.labels)
      && (to.namespaceSelector ? to.namespaceSelector.matchLabels?.['kubernetes.io/metadata.name'] === peer.namespace : namespace === peer.namespace)))
    .flatMap((rule: any) => (rule.ports ?? []).map((p: any) => p.port));
}

describe.each(ENVIRONMENTS)(`%s: agents start as ${AGENT_STARTUP.readFrom} does`, env => {
  const { objects } = renderEnvironment(env);
  const jenkins = cloud(objects);
  const controller = statefulSet(objects);

  test('the jnlp container keeps the image entrypoint and the working directory the plugin passes as JENKINS_AGENT_WORKDIR', () => {
    for (const pod of Object.values(agentPods(objects))) {
      const jnlp = pod.spec.containers.find((c: any) => c.name === JNLP_CONTAINER);
      expect(jnlp.command).toBeUndefined();
      expect(jnlp.args).toBeUndefined();
      expect(jnlp.workingDir).toBe(AGENT_WORKING_DIR);
    }
  });

  const requests = Object.entries(AGENT_STARTUP.requests).map(([mode, paths]) => `${mode}: ${paths.join(', ')}`).join('; ');
  test(`the requests an agent makes before its channel is up (${requests}) reach the controller: Service, port, both policies`, () => {
    const url = new URL(jenkins.jenkinsUrl);
    expect(url.pathname.endsWith('/')).toBe(true);
    const [serviceName, serviceNamespace] = url.hostname.split('.');
    const service = ofKind(objects, 'Service').find(s => s.metadata.name === serviceName && s.metadata.namespace === serviceNamespace)!;
    const servicePort = service.spec.ports.find((p: any) => p.port === Number(url.port || 80));
    expect(servicePort).toBeDefined();
    const podLabels = controller.spec.template.metadata.labels;
    expect(matchesSelector({ matchLabels: service.spec.selector }, podLabels)).toBe(true);
    const containerPort = controller.spec.template.spec.containers.flatMap((c: any) => c.ports ?? [])
      .find((p: any) => p.name === servicePort.targetPort || p.containerPort === servicePort.targetPort);
    expect(containerPort).toBeDefined();
    const agentsNamespace = cloud(objects).namespace;
    expect(allowedPorts(objects, agentsNamespace, AGENT_POD_LABELS, 'egress', { namespace: serviceNamespace, labels: podLabels })).toContain(containerPort.containerPort);
    expect(allowedPorts(objects, serviceNamespace, podLabels, 'ingress', { namespace: agentsNamespace, labels: AGENT_POD_LABELS })).toContain(containerPort.containerPort);
  });

  test('the inbound TCP listener is open exactly when the agent mode needs it', () => {
    const env = Object.fromEntries(controller.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(jenkins.directConnection).toBeFalsy();
    if (jenkins.webSocket) {
      expect(jenkins.jenkinsTunnel).toBeUndefined();
      expect(env.JENKINS_SLAVE_AGENT_PORT).toBe('-1');
    } else {
      expect(env.JENKINS_SLAVE_AGENT_PORT).toBe(jenkins.jenkinsTunnel.split(':')[1]);
    }
  });
});
