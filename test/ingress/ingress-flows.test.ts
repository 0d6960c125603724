import { Testing } from 'cdk8s';
import { environments } from '../../lib/config/environments';
import { parseEnvironment } from '../../lib/config/validate';
import { IngressControllerFlows } from '../../lib/ingress/ingress-flows';
import { Peer } from '../../lib/network/peer';
import { RoutingTable } from '../../lib/network/routing-table';

describe('IngressControllerFlows', () => {
  const ingress = parseEnvironment(environments.dev, 'dev').ingress;
  const backend = (labels: Record<string, string>) => ({ namespace: 'apps', serviceName: 'web', servicePort: 80, pods: Peer.workload('web', 'apps', labels), podPort: 8080 });

  test('rejects two different pod sets under one peer name', () => {
    const table = new RoutingTable('example.com');
    table.add({ name: 'a', subdomain: 'a', backend: backend({ app: 'web' }) });
    table.add({ name: 'b', subdomain: 'b', backend: backend({ app: 'other' }) });
    expect(() => new IngressControllerFlows(Testing.chart(), 'flows', { routes: table, ingress }))
      .toThrow('Routes name two different sets of pods "web" in namespace apps: give them distinct peer names');
  });

  test('a route and its canary to the same pods give one flow', () => {
    const table = new RoutingTable('example.com');
    table.add({ name: 'a', subdomain: 'a', backend: backend({ app: 'web' }) });
    table.addCanary({ of: 'a', backend: { ...backend({ app: 'web' }), serviceName: 'web-canary' }, weight: 10 });
    expect(new IngressControllerFlows(Testing.chart(), 'flows', { routes: table, ingress }).flows).toHaveLength(1);
  });
});
