import { Testing } from 'cdk8s';
import { JenkinsServices, JenkinsServicesProps } from '../../lib/ci/jenkins-services';
import { find, KubeObject } from '../support/render';

const identity = { name: 'jenkins', component: 'controller', partOf: 'ci' };

function build(props: Partial<JenkinsServicesProps> = {}): { services: JenkinsServices; objects: KubeObject[] } {
  const chart = Testing.chart();
  const services = new JenkinsServices(chart, 'services', { namespace: 'ci', identity, ...props });
  return { services, objects: Testing.synth(chart) as KubeObject[] };
}

describe('JenkinsServices', () => {
  test('defaults: a headless governing Service and an HTTP Service on 8080, both selecting name + instance; WebSocket agents', () => {
    const { services, objects } = build();
    const selector = { 'app.kubernetes.io/name': 'jenkins', 'app.kubernetes.io/instance': 'jenkins' };
    const headless = find(objects, 'Service', 'jenkins-headless', 'ci');
    expect(headless.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true, selector });
    expect(find(objects, 'Service', 'jenkins', 'ci').spec).toMatchObject({ type: 'ClusterIP', selector, ports: [{ name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' }] });
    expect(objects).toHaveLength(2);
    expect(services.podLabels).toEqual(selector);
    expect(services.peer).toMatchObject({ name: 'jenkins', namespace: 'ci', podLabels: selector });
    expect(services.agentListenerPort).toBeUndefined();
    expect(services.agentConnection).toEqual({ mode: 'webSocket' });
    expect(services.internalUrl()).toBe('http://jenkins.ci.svc:8080/');
  });

  test('tcp: a Service for the agent listener, which is the tunnel', () => {
    const { services, objects } = build({ agentMode: 'tcp' });
    expect(find(objects, 'Service', 'jenkins-agent', 'ci').spec.ports).toEqual([{ name: 'agent', port: 50000, targetPort: 50000, protocol: 'TCP' }]);
    expect(services.agentConnection).toEqual({ mode: 'tcp', tunnel: 'jenkins-agent.ci.svc:50000', listenerPort: 50000 });
  });

  test('the instance names the Services, and a path prefix ends up in the internal URL', () => {
    const { services, objects } = build({ identity: { ...identity, instance: 'jenkins-blue' } });
    expect(find(objects, 'Service', 'jenkins-blue', 'ci')).toBeDefined();
    expect(services.internalUrl('/jenkins')).toBe('http://jenkins-blue.ci.svc:8080/jenkins/');
  });
});
