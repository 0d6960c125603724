import { Testing } from 'cdk8s';
import { SCRAPE_JOBS } from '../../lib/monitoring/scrape-jobs';
import { Jenkins, JENKINS_ROUTE_ANNOTATIONS } from '../../lib/ci/jenkins';
import { RoutingTable } from '../../lib/network/routing-table';
import { find, KubeObject, ofKind } from '../support/render';
import { cloud, minimalJenkinsProps, renderJenkins } from './support';

const AGENT_PORT = 50000;
const policyNames = (objects: KubeObject[]) => ofKind(objects, 'NetworkPolicy').map(p => `${p.metadata.namespace}/${p.metadata.name}`).sort();

describe('Jenkins defaults', () => {
  const routes = new RoutingTable('example.test');
  const props = minimalJenkinsProps(routes);
  const objects = renderJenkins(props);

  test('controller in ci, agents in ci-agents', () => {
    expect(find(objects, 'StatefulSet', 'jenkins').metadata.namespace).toBe('ci');
    expect(find(objects, 'Role', 'jenkins-agents').metadata.namespace).toBe('ci-agents');
    expect(find(objects, 'ResourceQuota', 'quota').metadata.namespace).toBe('ci-agents');
    expect(cloud(objects).namespace).toBe('ci-agents');
  });

  test('WebSocket agents: no port 50000 anywhere, two Services, no tunnel', () => {
    expect(JSON.stringify(objects)).not.toMatch(/50000/);
    expect(ofKind(objects, 'Service').map(s => s.metadata.name).sort()).toEqual(['jenkins', 'jenkins-headless']);
    expect(cloud(objects).jenkinsTunnel).toBeUndefined();
    expect(cloud(objects).webSocket).toBe(true);
  });

  test('no egress outside the cluster but the API server', () => {
    expect(policyNames(objects).filter(n => n.includes('-to-') && n.endsWith('-egress'))).toEqual([
      'ci-agents/jenkins-agent-to-jenkins-egress', 'ci/jenkins-to-kube-apiserver-egress', 'ci/secret-bootstrap-to-kube-apiserver-egress',
    ]);
    expect(JSON.stringify(objects)).not.toMatch(/0\.0\.0\.0\/0/);
  });

  test('the controller reaches the API server endpoints on their ports', () => {
    const egress = find(objects, 'NetworkPolicy', 'jenkins-to-kube-apiserver-egress', 'ci').spec.egress[0];
    expect(egress.to).toEqual(props.cluster.apiServer.cidrs.map(cidr => ({ ipBlock: { cidr } })));
    expect(egress.ports.map((p: any) => p.port)).toEqual(props.cluster.apiServer.ports);
  });

  test('registers its public route with the nginx settings Jenkins needs, and no Ingress of its own', () => {
    const route = routes.routes.find(r => r.name === 'jenkins')!;
    expect(route).toMatchObject({ subdomain: 'jenkins', path: '/', annotations: JENKINS_ROUTE_ANNOTATIONS });
    expect(route.backend).toMatchObject({ namespace: 'ci', serviceName: 'jenkins', servicePort: 8080, podPort: 8080 });
    expect(ofKind(objects, 'Ingress')).toEqual([]);
  });

  test('the admin password is generated in ci by the secret bootstrap, never rendered', () => {
    const spec = JSON.parse(find(objects, 'ConfigMap', 'secret-bootstrap-spec', 'ci').data['secrets.json']);
    expect(spec.secrets).toEqual([expect.objectContaining({ name: 'jenkins-admin', namespaces: ['ci'], origin: 'bootstrap', keys: ['admin-password'] })]);
    expect(ofKind(objects, 'Secret')).toEqual([]);
  });

  test('every object carries the recommended labels of its side', () => {
    expect(find(objects, 'Role', 'jenkins-agents').metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'jenkins-agent', 'app.kubernetes.io/part-of': 'ci' });
    expect(find(objects, 'StatefulSet', 'jenkins').metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'jenkins', 'app.kubernetes.io/component': 'controller' });
  });
});

describe('Jenkins overrides', () => {
  test('TCP agents open 50000 consistently: agent Service, container port, both policies, JCasC tunnel', () => {
    const props = minimalJenkinsProps();
    const objects = renderJenkins({ ...props, agents: { ...props.agents, mode: 'tcp' } });
    expect(find(objects, 'Service', 'jenkins-agent', 'ci').spec.ports).toEqual([{ name: 'agent', port: AGENT_PORT, targetPort: AGENT_PORT, protocol: 'TCP' }]);
    const container = find(objects, 'StatefulSet', 'jenkins').spec.template.spec.containers[0];
    expect(container.ports).toContainEqual({ name: 'agent', containerPort: AGENT_PORT, protocol: 'TCP' });
    expect(container.env).toContainEqual({ name: 'JENKINS_SLAVE_AGENT_PORT', value: String(AGENT_PORT) });
    for (const [name, namespace, direction] of [
      ['jenkins-agent-to-jenkins-ingress', 'ci', 'ingress'],
      ['jenkins-agent-to-jenkins-egress', 'ci-agents', 'egress'],
    ] as const) {
      expect(find(objects, 'NetworkPolicy', name, namespace).spec[direction][0].ports).toEqual([{ port: 8080, protocol: 'TCP' }, { port: AGENT_PORT, protocol: 'TCP' }]);
    }
    expect(cloud(objects).jenkinsTunnel).toBe(`jenkins-agent.ci.svc:${AGENT_PORT}`);
  });

  test('internet egress: both sides reach everything outside the pod and service networks', () => {
    const props = minimalJenkinsProps();
    const objects = renderJenkins({ ...props, egress: { internet: true } });
    for (const [name, namespace] of [['jenkins-to-internet-egress', 'ci'], ['jenkins-agent-to-internet-egress', 'ci-agents']]) {
      expect(find(objects, 'NetworkPolicy', name, namespace).spec.egress).toEqual([{
        to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [...props.cluster.podCidrs, ...props.cluster.serviceCidrs] } }],
      }]);
    }
  });

  test('an allow rule opens its CIDRs and ports for both sides unless it names one', () => {
    const rule = { name: 'scm', cidrs: ['203.0.113.0/24'], ports: [443] };
    const both = policyNames(renderJenkins({ ...minimalJenkinsProps(), egress: { allow: [rule] } })).filter(n => n.includes('scm'));
    expect(both).toEqual(['ci-agents/jenkins-agent-to-scm-egress', 'ci/jenkins-to-scm-egress']);
    const objects = renderJenkins({ ...minimalJenkinsProps(), egress: { allow: [{ ...rule, from: ['controller'] }] } });
    expect(policyNames(objects).filter(n => n.includes('scm'))).toEqual(['ci/jenkins-to-scm-egress']);
    expect(find(objects, 'NetworkPolicy', 'jenkins-to-scm-egress', 'ci').spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ port: 443, protocol: 'TCP' }] }]);
  });

  test('namespaces can be chosen', () => {
    const objects = renderJenkins({ ...minimalJenkinsProps(), namespace: 'build', agentNamespace: 'build-agents' });
    expect(find(objects, 'StatefulSet', 'jenkins').metadata.namespace).toBe('build');
    expect(find(objects, 'RoleBinding', 'jenkins-agents').metadata.namespace).toBe('build-agents');
    expect(cloud(objects).jenkinsUrl).toBe('http://jenkins.build.svc:8080/');
  });

  test('a path prefix reaches the route, the cloud URL and the public URL', () => {
    const routes = new RoutingTable('example.test');
    const props = minimalJenkinsProps(routes);
    const objects = renderJenkins({ ...props, controller: { ...props.controller, pathPrefix: '/jenkins' } });
    expect(routes.routes.find(r => r.name === 'jenkins')!.path).toBe('/jenkins/');
    expect(cloud(objects).jenkinsUrl).toBe('http://jenkins.ci.svc:8080/jenkins/');
  });
});

describe('Jenkins prometheusMetrics', () => {
  test('default: no plugin configuration and no scrape target', () => {
    const props = minimalJenkinsProps();
    const jenkins = new Jenkins(Testing.chart(), 'jenkins', props);
    expect(jenkins.scrapeTarget).toBeUndefined();
    expect(props.routes.routes[0].internalPaths).toEqual([]);
  });

  test('on: the controller pods on the HTTP port at <prefix>/prometheus/', () => {
    const props = minimalJenkinsProps();
    const jenkins = new Jenkins(Testing.chart(), 'jenkins', { ...props, controller: { ...props.controller, pathPrefix: '/jenkins' }, prometheusMetrics: true });
    expect(jenkins.scrapeTarget).toEqual({ job: SCRAPE_JOBS.jenkins, peer: jenkins.services.peer, discovery: 'pods', port: jenkins.services.httpPort, path: '/jenkins/prometheus/' });
    // The endpoint has no authentication: the public route refuses it, only Prometheus reaches the pod.
    expect(props.routes.routes[0].internalPaths).toEqual(['/jenkins/prometheus']);
  });
});
