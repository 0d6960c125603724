import { Testing } from 'cdk8s';
import { IngressChart } from '../../charts/ingress-chart';
import { parseEnvironment } from '../../lib/config/validate';
import { environments } from '../../lib/config/environments';
import { Peer } from '../../lib/network/peer';
import { RoutingTable } from '../../lib/network/routing-table';
import { declaredSecretsIn } from '../../lib/core/declared-secrets';
import { ENVIRONMENTS, environmentInput, find, KubeObject, ofKind, render, renderEnvironment } from '../support/render';

describe.each(ENVIRONMENTS)('%s: ingress', env => {
  const rendered = renderEnvironment(env);
  const { objects, config } = rendered;
  const ingressChart = rendered.charts.find(c => c.name === 'ingress')!;
  const ingresses = ofKind(objects, 'Ingress');

  test('the ingress chart is rendered last', () => {
    expect(rendered.charts[rendered.charts.length - 1].name).toBe('ingress');
  });

  test('one IngressClass for ingress-nginx, named from config and used by every Ingress', () => {
    const [ingressClass] = ofKind(objects, 'IngressClass');
    expect(ingressClass).toMatchObject({ metadata: { name: config.ingress.className }, spec: { controller: 'k8s.io/ingress-nginx' } });
    for (const i of ingresses) expect(i.spec.ingressClassName).toBe(config.ingress.className);
  });

  test('every Ingress backend names an existing Service and port in its namespace', () => {
    expect(ingresses.length).toBeGreaterThan(0);
    for (const i of ingresses) {
      for (const path of i.spec.rules.flatMap((r: any) => r.http.paths)) {
        expect(path.pathType).toBe('Prefix');
        const service = find(objects, 'Service', path.backend.service.name, i.metadata.namespace);
        expect(service.spec.ports.map((p: any) => p.port)).toContain(path.backend.service.port.number);
      }
    }
  });

  test('hosts are under the domain, each once among main Ingresses, with its own TLS secret', () => {
    // Canary Ingresses and those refusing a route's internal paths share their route's host.
    const main = ingresses.filter(i => i.metadata.annotations?.['nginx.ingress.kubernetes.io/canary'] !== 'true'
      && i.metadata.annotations?.['nginx.ingress.kubernetes.io/denylist-source-range'] === undefined);
    const hosts = main.map(i => i.spec.rules[0].host);
    expect(new Set(hosts).size).toBe(hosts.length);
    for (const i of main) {
      const host = i.spec.rules[0].host;
      expect(host.endsWith(`.${config.domain}`)).toBe(true);
      expect(i.spec.tls).toEqual([{ hosts: [host], secretName: `${host}-tls` }]);
    }
    const appHosts = config.apps.enabled ? Object.values(config.apps.web).flatMap(a => a.subdomain === undefined ? [] : [`${a.subdomain}.${config.domain}`]) : [];
    expect(hosts).toEqual(expect.arrayContaining(appHosts));
  });

  test('the ingress controller may reach the pod port behind every route', () => {
    for (const i of ingresses) {
      const service = find(objects, 'Service', i.spec.rules[0].http.paths[0].backend.service.name, i.metadata.namespace);
      const deployment = [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'StatefulSet')].find(d => d.metadata.namespace === i.metadata.namespace
        && Object.entries(service.spec.selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v))!;
      const servicePort = service.spec.ports.find((p: any) => p.port === i.spec.rules[0].http.paths[0].backend.service.port.number || p.name === i.spec.rules[0].http.paths[0].backend.service.port.name);
      const podPort = typeof servicePort.targetPort === 'number' ? servicePort.targetPort
        : deployment.spec.template.spec.containers.flatMap((c: any) => c.ports ?? []).find((p: any) => p.name === servicePort.targetPort).containerPort;
      const allowing = ofKind(objects, 'NetworkPolicy').filter(np => np.metadata.namespace === i.metadata.namespace
        && np.spec.policyTypes.includes('Ingress')
        && Object.entries(np.spec.podSelector.matchLabels ?? {}).every(([k, v]) => deployment.spec.template.metadata.labels[k] === v)
        && (np.spec.ingress ?? []).some((rule: any) => (rule.from ?? []).some((peer: any) => peer.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] === config.ingress.controllerNamespace)
          && (rule.ports ?? []).some((p: any) => p.port === podPort)));
      expect({ ingress: i.metadata.name, policies: allowing.length }).toEqual({ ingress: i.metadata.name, policies: 1 });
    }
  });

  test('snapshot', () => {
    expect(ingressChart.objects).toMatchSnapshot();
  });
});

describe.each(ENVIRONMENTS)('%s: TLS as the config says', env => {
  const { config, objects } = renderEnvironment(env);
  const { tls } = config.ingress;
  const main = ofKind(objects, 'Ingress').filter(i => i.spec.tls);
  const tlsDeclared = declaredSecretsIn(objects).filter(s => main.some(i => i.spec.tls[0].secretName === s.name));

  test('cert-manager: main Ingresses carry the ClusterIssuer and no TLS secret is declared; existing secrets: each host secret is declared external in its Ingress namespace', () => {
    expect(main.length).toBeGreaterThan(0);
    for (const i of main) expect(i.metadata.annotations?.['cert-manager.io/cluster-issuer']).toBe(tls.mode === 'certManager' ? tls.clusterIssuer : undefined);
    const expected = tls.mode === 'certManager' ? [] : main.map(i => ({ name: i.spec.tls[0].secretName, namespaces: [i.metadata.namespace], origin: 'external', keys: ['tls.crt', 'tls.key'] }));
    expect(tlsDeclared).toEqual(expected.map(e => expect.objectContaining(e)));
  });

  test('the ingress controller may reach ACME HTTP-01 solver pods in every namespace with an Ingress, and only with cert-manager HTTP-01', () => {
    const policies = solverPolicies(objects);
    const http01 = tls.mode === 'certManager' && tls.challenge === 'http01';
    expect(policies.map(np => np.metadata.namespace).sort()).toEqual(http01 ? [...new Set(main.map(i => i.metadata.namespace))].sort() : []);
    for (const np of policies) {
      expect(np.spec.podSelector).toEqual({ matchLabels: { 'acme.cert-manager.io/http01-solver': 'true' } });
      expect(np.spec.ingress[0].ports).toEqual([{ port: 8089, protocol: 'TCP' }]);
      expect(np.metadata.annotations).toEqual({ 'platform.internal/selects-pods-created-by': 'cert-manager (ACME HTTP-01 solver)', 'platform.internal/external-namespaces': config.ingress.controllerNamespace });
    }
  });
});

const solverPolicies = (objects: readonly KubeObject[]) => ofKind(objects, 'NetworkPolicy').filter(np => np.metadata.name === 'ingress-controller-to-acme-http01-solver-ingress');

test.each([
  ['cert-manager with DNS-01', { mode: 'certManager', clusterIssuer: 'letsencrypt', challenge: 'dns01' }],
  ['operator-supplied certificates', { mode: 'existingSecrets' }],
])('%s need no solver flow', (_, tls) => {
  const input: any = environmentInput(ENVIRONMENTS[0]);
  input.ingress.tls = tls;
  expect(solverPolicies(render(input).objects)).toEqual([]);
});

describe('IngressChart from a table', () => {
  const base = parseEnvironment(environments[ENVIRONMENTS[0]], ENVIRONMENTS[0]);
  const config = { ...base, ingress: { ...base.ingress, tls: { mode: 'certManager', clusterIssuer: 'an-issuer', challenge: 'http01' } as const } };
  const backend = (namespace: string, name: string) => ({
    namespace, serviceName: name, servicePort: 80, pods: Peer.workload(name, namespace, { 'app.kubernetes.io/name': name }), podPort: 8080,
  });

  test('route annotations (e.g. Jenkins body size) reach the main Ingress; routes to the same pods share one flow', () => {
    const table = new RoutingTable(config.domain);
    table.add({ name: 'jenkins', subdomain: 'jenkins', backend: backend('ci', 'jenkins'), annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '50m' } });
    table.add({ name: 'jenkins-alias', subdomain: 'ci', backend: backend('ci', 'jenkins') });
    const objects = Testing.synth(new IngressChart(Testing.app(), 'ingress', { config, routes: table })) as KubeObject[];
    expect(find(objects, 'Ingress', 'jenkins', 'ci').metadata.annotations).toEqual({
      'nginx.ingress.kubernetes.io/proxy-body-size': '50m', 'cert-manager.io/cluster-issuer': 'an-issuer',
    });
    expect(ofKind(objects, 'NetworkPolicy').map(np => np.metadata.name).filter(n => !n.includes('acme'))).toEqual(['ingress-controller-to-jenkins-ingress']);
  });
});
