import { NAMESPACE } from '../../lib/platform/stack-namespaces';
import { ENVIRONMENTS, environmentInput, find, ofKind, renderEnvironment } from '../support/render';
import { renderCi } from './support';

describe.each(ENVIRONMENTS)('%s: ci chart', env => {
  const { config, objects, routes } = renderCi(environmentInput(env));
  const policies = ofKind(objects, 'NetworkPolicy');

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('is rendered by the stack after the platform chart', () => {
    const names = renderEnvironment(env).charts.map(c => c.name);
    expect(names.indexOf('ci')).toBeGreaterThan(names.indexOf('platform'));
  });

  test('the Jenkins route points at the HTTP Service and its pods', () => {
    const route = routes.routes.find(r => r.name === 'jenkins')!;
    const service = find(objects, 'Service', 'jenkins', NAMESPACE.ci);
    expect(route.backend).toMatchObject({ namespace: NAMESPACE.ci, serviceName: service.metadata.name, servicePort: service.spec.ports[0].port, podPort: service.spec.ports[0].targetPort });
    expect(route.backend.pods.podLabels).toEqual(service.spec.selector);
    expect(route.path).toBe(`${config.ci.controller.pathPrefix ?? ''}/`);
  });

  test('the controller reaches the API server endpoints of the environment on their ports', () => {
    const egress = find(policies, 'NetworkPolicy', 'jenkins-to-kube-apiserver-egress', NAMESPACE.ci).spec.egress[0];
    expect(egress.to).toEqual(config.cluster.apiServer.cidrs.map(cidr => ({ ipBlock: { cidr } })));
    expect(egress.ports.map((p: any) => p.port)).toEqual(config.cluster.apiServer.ports);
  });

  test('internet egress policies exist exactly when the environment allows the internet', () => {
    const internet = policies.filter(p => p.metadata.name.endsWith('-to-internet-egress')).map(p => `${p.metadata.namespace}/${p.metadata.name}`).sort();
    expect(internet).toEqual(config.ci.egress.internet ? [`${NAMESPACE.ciAgents}/jenkins-agent-to-internet-egress`, `${NAMESPACE.ci}/jenkins-to-internet-egress`] : []);
    if (!config.ci.egress.internet) expect(JSON.stringify(policies)).not.toMatch(/0\.0\.0\.0\/0/);
  });

  test('each allow rule opens its CIDRs and ports for its sides only', () => {
    for (const rule of config.ci.egress.allow) {
      for (const [side, name, namespace] of [['controller', 'jenkins', NAMESPACE.ci], ['agents', 'jenkins-agent', NAMESPACE.ciAgents]] as const) {
        const found = policies.filter(p => p.metadata.name === `${name}-to-${rule.name}-egress` && p.metadata.namespace === namespace);
        expect(found.map(p => p.spec.egress)).toEqual(rule.from.includes(side)
          ? [[{ to: rule.cidrs.map(cidr => ({ ipBlock: { cidr } })), ports: rule.ports.map(port => ({ port, protocol: 'TCP' })) }]]
          : []);
      }
    }
  });

  test('ci-agents gets the configured ResourceQuota and LimitRange, and no cluster-wide grants exist', () => {
    const { quota } = config.ci.agents;
    expect(find(objects, 'ResourceQuota', 'quota', NAMESPACE.ciAgents).spec.hard).toMatchObject({
      'requests.cpu': quota.requests.cpu, 'limits.memory': quota.limits.memory, pods: quota.pods,
    });
    expect(find(objects, 'LimitRange', 'container-defaults', NAMESPACE.ciAgents).spec.limits[0].type).toBe('Container');
    expect([...ofKind(objects, 'ClusterRole'), ...ofKind(objects, 'ClusterRoleBinding')]).toEqual([]);
  });
});
