import { NAMESPACE } from '../../lib/platform/stack-namespaces';
import { find, ofKind } from '../support/render';
import { cloud, renderCi, statefulSet, variant } from './support';

const AGENT_PORT = 50000;

describe('agent connection mode', () => {
  test('WebSocket mode has no port 50000 anywhere: Service, container port, policies, JCasC, env', () => {
    const { objects } = renderCi(variant('dev', ci => { ci.agents.mode = 'webSocket'; }));
    expect(JSON.stringify(objects)).not.toMatch(/50000/);
    expect(ofKind(objects, 'Service').map(s => s.metadata.name).sort()).toEqual(['jenkins', 'jenkins-headless']);
    expect(cloud(objects).jenkinsTunnel).toBeUndefined();
    const ports = find(objects, 'NetworkPolicy', 'jenkins-agent-to-jenkins-ingress', NAMESPACE.ci).spec.ingress[0].ports;
    expect(ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
  });

  test('TCP mode opens 50000 consistently: agent Service, container port, both policies, JCasC tunnel', () => {
    const { objects } = renderCi(variant('dev', ci => { ci.agents.mode = 'tcp'; }));
    const service = find(objects, 'Service', 'jenkins-agent', NAMESPACE.ci);
    expect(service.spec.ports).toEqual([{ name: 'agent', port: AGENT_PORT, targetPort: AGENT_PORT, protocol: 'TCP' }]);
    const container = statefulSet(objects).spec.template.spec.containers[0];
    expect(container.ports).toContainEqual({ name: 'agent', containerPort: AGENT_PORT, protocol: 'TCP' });
    expect(container.env).toContainEqual({ name: 'JENKINS_SLAVE_AGENT_PORT', value: String(AGENT_PORT) });
    for (const [name, namespace, direction] of [
      ['jenkins-agent-to-jenkins-ingress', NAMESPACE.ci, 'ingress'],
      ['jenkins-agent-to-jenkins-egress', NAMESPACE.ciAgents, 'egress'],
    ] as const) {
      const policy = find(objects, 'NetworkPolicy', name, namespace);
      expect(policy.spec[direction][0].ports).toEqual([{ port: 8080, protocol: 'TCP' }, { port: AGENT_PORT, protocol: 'TCP' }]);
    }
    expect(cloud(objects).jenkinsTunnel).toBe(`jenkins-agent.ci.svc:${AGENT_PORT}`);
  });
});
