import { JENKINS_ROUTE_ANNOTATIONS } from '../../lib/ci/jenkins';
import { NAMESPACE } from '../../lib/platform/stack-namespaces';
import { environmentInput, find, ofKind, renderEnvironment } from '../support/render';
import { renderCi } from './support';

describe.each(['dev', 'prod'])('%s: ci chart', env => {
  const { config, objects, routes } = renderCi(environmentInput(env));
  const policies = ofKind(objects, 'NetworkPolicy');
  const policy = (name: string, namespace: string) => find(policies, 'NetworkPolicy', name, namespace);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('is rendered by the stack after the platform chart', () => {
    const names = renderEnvironment(env).charts.map(c => c.name);
    expect(names.indexOf('ci')).toBeGreaterThan(names.indexOf('platform'));
  });

  test('registers the Jenkins route with the nginx settings Jenkins needs (no Ingress of its own)', () => {
    const route = routes.routes.find(r => r.name === 'jenkins')!;
    const service = find(objects, 'Service', 'jenkins', NAMESPACE.ci);
    expect(route.subdomain).toBe('jenkins');
    expect(route.backend).toMatchObject({ namespace: NAMESPACE.ci, serviceName: service.metadata.name, servicePort: service.spec.ports[0].port, podPort: service.spec.ports[0].targetPort });
    expect(route.backend.pods.podLabels).toEqual(service.spec.selector);
    expect(route.annotations).toEqual(JENKINS_ROUTE_ANNOTATIONS);
    expect(route.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/proxy-request-buffering': 'off',
      'nginx.ingress.kubernetes.io/proxy-body-size': expect.stringMatching(/^\d+m$/),
      'nginx.ingress.kubernetes.io/proxy-read-timeout': expect.stringMatching(/^\d+$/),
    });
    expect(ofKind(objects, 'Ingress')).toEqual([]);
  });

  test('agents reach the controller: policies on both sides', () => {
    const egress = policy('jenkins-agent-to-jenkins-egress', NAMESPACE.ciAgents);
    const ingress = policy('jenkins-agent-to-jenkins-ingress', NAMESPACE.ci);
    expect(egress.spec.egress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    expect(ingress.spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
  });

  test('the controller reaches the API server on its ports', () => {
    const egress = policy('jenkins-to-kube-apiserver-egress', NAMESPACE.ci);
    expect(egress.spec.egress[0].to).toEqual(config.cluster.apiServer.cidrs.map(cidr => ({ ipBlock: { cidr } })));
    expect(egress.spec.egress[0].ports.map((p: any) => p.port)).toEqual(config.cluster.apiServer.ports);
  });

  test('the secret bootstrap runs in ci and declares the admin Secret', () => {
    const spec = JSON.parse(find(objects, 'ConfigMap', 'secret-bootstrap-spec', NAMESPACE.ci).data['secrets.json']);
    expect(spec.secrets).toEqual([expect.objectContaining({ name: 'jenkins-admin', namespaces: [NAMESPACE.ci], origin: 'bootstrap', keys: ['admin-password'] })]);
  });
});

describe('egress to the outside world', () => {
  const internetPolicies = (env: string) => ofKind(renderCi(environmentInput(env)).objects, 'NetworkPolicy')
    .filter(p => JSON.stringify(p.spec).includes('0.0.0.0/0'));

  test('dev: controller and agents may reach anything outside the cluster', () => {
    const { config, objects } = renderCi(environmentInput('dev'));
    for (const [name, namespace] of [['jenkins-to-internet-egress', NAMESPACE.ci], ['jenkins-agent-to-internet-egress', NAMESPACE.ciAgents]]) {
      expect(find(objects, 'NetworkPolicy', name, namespace).spec.egress).toEqual([{
        to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [...config.cluster.podCidrs, ...config.cluster.serviceCidrs] } }],
      }]);
    }
  });

  test('prod: only the declared destinations, on the declared ports, for the declared side', () => {
    expect(internetPolicies('prod')).toEqual([]);
    const { config, objects } = renderCi(environmentInput('prod'));
    for (const rule of config.ci.egress.allow) {
      for (const [side, name, namespace] of [['controller', 'jenkins', NAMESPACE.ci], ['agents', 'jenkins-agent', NAMESPACE.ciAgents]] as const) {
        const found = objects.filter(o => o.kind === 'NetworkPolicy' && o.metadata.name === `${name}-to-${rule.name}-egress` && o.metadata.namespace === namespace);
        if (!rule.from.includes(side)) {
          expect(found).toEqual([]);
          continue;
        }
        expect(found[0].spec.egress).toEqual([{ to: rule.cidrs.map(cidr => ({ ipBlock: { cidr } })), ports: rule.ports.map(port => ({ port, protocol: 'TCP' })) }]);
      }
    }
  });

  test('a rule for one side only opens nothing for the other', () => {
    const input = environmentInput('prod');
    input.ci.egress!.allow = [{ name: 'update-center', cidrs: ['10.20.0.0/24'], ports: [443], from: ['controller'], hosts: ['artifacts.platform.example.com'] }];
    const names = ofKind(renderCi(input).objects, 'NetworkPolicy').map(p => `${p.metadata.namespace}/${p.metadata.name}`);
    expect(names).toContain('ci/jenkins-to-update-center-egress');
    expect(names.filter(n => n.includes('update-center'))).toEqual(['ci/jenkins-to-update-center-egress']);
  });
});
