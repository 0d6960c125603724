import { Testing } from 'cdk8s';
import { IngressControllerFlows } from '../../lib/ingress/ingress-flows';
import { Peer } from '../../lib/network/peer';
import { RoutingTable } from '../../lib/network/routing-table';

describe('IngressControllerFlows', () => {
  const controller = Peer.foreign('ingress-controller', 'ingress-nginx', { app: 'ingress-nginx' });
  const backend = (labels: Record<string, string>) => ({ namespace: 'apps', serviceName: 'web', servicePort: 80, pods: Peer.workload('web', 'apps', labels), podPort: 8080 });

  test('rejects two different pod sets under one peer name', () => {
    const table = new RoutingTable('example.com');
    table.add({ name: 'a', subdomain: 'a', backend: backend({ app: 'web' }) });
    table.add({ name: 'b', subdomain: 'b', backend: backend({ app: 'other' }) });
    expect(() => new IngressControllerFlows(Testing.chart(), 'flows', { routes: table, controller }))
      .toThrow('Routes name two different sets of pods "web" in namespace apps: give them distinct peer names');
  });

  test('a route and its canary to the same pods give one flow', () => {
    const table = new RoutingTable('example.com');
    table.add({ name: 'a', subdomain: 'a', backend: backend({ app: 'web' }) });
    table.addCanary({ of: 'a', backend: { ...backend({ app: 'web' }), serviceName: 'web-canary' }, weight: 10 });
    expect(new IngressControllerFlows(Testing.chart(), 'flows', { routes: table, controller }).flows).toHaveLength(1);
  });
});

describe('IngressControllerFlows policies', () => {
  const controller = Peer.foreign('ingress-controller', 'edge', { app: 'router' });
  const backend = (name: string, podPort: number) => ({ namespace: 'apps', serviceName: name, servicePort: 80, pods: Peer.workload(name, 'apps', { app: name }), podPort });

  test('one ingress policy per pod set, on the pod ports its routes target, sorted; none on the controller\'s side', () => {
    const table = new RoutingTable('example.com');
    table.add({ name: 'a', subdomain: 'a', backend: backend('web', 8443) });
    table.add({ name: 'b', subdomain: 'b', backend: backend('web', 8080) });
    table.add({ name: 'c', subdomain: 'c', backend: backend('api', 9000) });
    const chart = Testing.chart();
    new IngressControllerFlows(chart, 'flows', { routes: table, controller });
    const policies = Testing.synth(chart);
    expect(policies.map(p => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(['apps/ingress-controller-to-web-ingress', 'apps/ingress-controller-to-api-ingress']);
    expect(policies[0].spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } }, podSelector: { matchLabels: { app: 'router' } } }],
      ports: [{ port: 8080, protocol: 'TCP' }, { port: 8443, protocol: 'TCP' }],
    }]);
  });
});
