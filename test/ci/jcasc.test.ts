import { AGENT_POD_LABELS } from '../../lib/ci/agent-pod-template';
import { PROMETHEUS_PLUGIN } from '../../lib/ci/prometheus-plugin-facts';
import { EXPORTER_METRICS } from '../../lib/monitoring/exporter-metrics';
import { NAMESPACE } from '../../lib/platform/stack-namespaces';
import { ENVIRONMENTS, environmentInput, find, KubeObject, ofKind } from '../support/render';
import { cloud, jcasc, renderCi, statefulSet, variant } from './support';

/** `<name>.<namespace>.svc` of a rendered Service, and its single port. */
function address(service: KubeObject): { host: string; port: number } {
  expect(service.spec.ports).toHaveLength(1);
  return { host: `${service.metadata.name}.${service.metadata.namespace}.svc`, port: service.spec.ports[0].port };
}

// Every environment as declared, and in the other agent mode under a path prefix.
const cases = ENVIRONMENTS.flatMap(env => [
  [env, environmentInput(env)],
  [`${env}, other agent mode, under /jenkins`, variant(env, ci => { ci.agents.mode = ci.agents.mode === 'tcp' ? 'webSocket' : 'tcp'; ci.controller.pathPrefix = '/jenkins'; })],
] as const);

describe.each(cases)('%s: JCasC', (_, input) => {
  const { config, objects, routes } = renderCi(input);
  const doc = jcasc(objects);
  const k8sCloud = cloud(objects);
  const prefix = config.ci.controller.pathPrefix ?? '';

  test('the prometheus plugin: its endpoint without authentication and the metric prefix the rules use, exactly with monitoring', () => {
    const expected = config.monitoring.enabled ? { path: 'prometheus', defaultNamespace: 'default', useAuthenticatedEndpoint: false } : undefined;
    expect(doc.unclassified.prometheusConfiguration).toEqual(expected);
    // The prefix is what the Jenkins metric names of EXPORTER_METRICS start with.
    expect(EXPORTER_METRICS.jenkins.metrics.filter(m => m.includes('_jenkins_')).every(m => m.startsWith(`${PROMETHEUS_PLUGIN.defaultNamespace}_jenkins_`))).toBe(true);
  });

  test('jenkinsUrl is the HTTP Service DNS name and port the chart creates', () => {
    const http = address(find(objects, 'Service', 'jenkins', NAMESPACE.ci));
    expect(k8sCloud.jenkinsUrl).toBe(`http://${http.host}:${http.port}${prefix}/`);
    // ...and that Service targets the port the controller listens on.
    const container = statefulSet(objects).spec.template.spec.containers[0];
    expect(container.ports.find((p: any) => p.name === 'http').containerPort).toBe(find(objects, 'Service', 'jenkins', NAMESPACE.ci).spec.ports[0].targetPort);
  });

  test('the tunnel is the agent Service in TCP mode, absent in WebSocket mode', () => {
    if (config.ci.agents.mode === 'tcp') {
      const agent = address(find(objects, 'Service', 'jenkins-agent', NAMESPACE.ci));
      expect(k8sCloud.jenkinsTunnel).toBe(`${agent.host}:${agent.port}`);
      expect(k8sCloud.webSocket).toBeUndefined();
      expect(doc.jenkins.slaveAgentPort).toBe(agent.port);
    } else {
      expect(k8sCloud.jenkinsTunnel).toBeUndefined();
      expect(k8sCloud.webSocket).toBe(true);
      expect(doc.jenkins.slaveAgentPort).toBe(-1);
    }
  });

  test('location.url is the URL of the registered route', () => {
    const route = routes.routes.find(r => r.name === 'jenkins')!;
    expect(doc.unclassified.location.url).toBe(routes.url(route.subdomain, route.path));
    expect(doc.unclassified.location.url).toBe(`https://jenkins.${config.domain}${prefix}/`);
  });

  test('cloud settings: agents namespace, cap, no retention, restricted pods', () => {
    expect(doc.jenkins.numExecutors).toBe(0);
    expect(k8sCloud.namespace).toBe(NAMESPACE.ciAgents);
    expect(k8sCloud.containerCapStr).toBe(String(config.ci.agents.containerCap));
    expect(k8sCloud.podRetention).toBe('Never');
    expect(k8sCloud.restrictedPssSecurityContext).toBe(true);
    for (const template of k8sCloud.templates) {
      expect(template.namespace).toBe(NAMESPACE.ciAgents);
      expect(template.podRetention).toBe('Never');
    }
  });

  test('the agent label in JCasC is exactly what the NetworkPolicies select agents by', () => {
    const podLabels = Object.fromEntries(k8sCloud.podLabels.map((l: any) => [l.key, l.value]));
    expect(podLabels).toEqual(AGENT_POD_LABELS);
    const agentPolicies = ofKind(objects, 'NetworkPolicy').filter(p => p.metadata.namespace === NAMESPACE.ciAgents);
    expect(agentPolicies.length).toBeGreaterThan(0);
    for (const policy of agentPolicies) expect(policy.spec.podSelector).toEqual({ matchLabels: podLabels });
    const fromAgents = find(objects, 'NetworkPolicy', 'jenkins-agent-to-jenkins-ingress', NAMESPACE.ci);
    expect(fromAgents.spec.ingress[0].from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': NAMESPACE.ciAgents } },
      podSelector: { matchLabels: podLabels },
    }]);
  });

  test('jenkins: only attributes read at jenkins-2.555.3 (JCasC refuses to start on an unknown one)', () => {
    // crumbIssuer stays core's default: `excludeClientIPFromCrumb` was removed in 2.543 (jenkinsci/jenkins #25918).
    expect(Object.keys(doc.jenkins).sort()).toEqual(['authorizationStrategy', 'clouds', 'numExecutors', 'securityRealm', 'slaveAgentPort']);
  });

  test('the admin password is a JCasC variable read from the mounted Secret, never a value', () => {
    const user = doc.jenkins.securityRealm.local.users[0];
    expect(user.id).toBe(config.ci.controller.adminUser);
    expect(user.password).toBe('${admin-password}');
    // Unresolved, it would silently be "": strict resolution aborts instead.
    expect(Object.fromEntries(statefulSet(objects).spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value])).CASC_STRICT_SECRET_RESOLUTION).toBe('true');
    const pod = statefulSet(objects).spec.template.spec;
    const env = Object.fromEntries(pod.containers[0].env.map((e: any) => [e.name, e.value]));
    const mount = pod.containers[0].volumeMounts.find((m: any) => m.mountPath === env.SECRETS);
    const volume = pod.volumes.find((v: any) => v.name === mount.name);
    expect(volume.secret.secretName).toBe('jenkins-admin');
    expect(mount.subPath).toBeUndefined();
    expect(ofKind(objects, 'Secret')).toEqual([]);
  });

  test('the controller reads this file', () => {
    const env = Object.fromEntries(statefulSet(objects).spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(env.CASC_JENKINS_CONFIG).toBe('/var/jenkins_config/jenkins.yaml');
  });
});
