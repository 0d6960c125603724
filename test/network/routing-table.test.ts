import { Peer } from '../../lib/network/peer';
import { RouteBackend, RoutingTable } from '../../lib/network/routing-table';

const backend = (serviceName: string): RouteBackend => ({
  namespace: 'apps', serviceName, servicePort: 80, pods: Peer.workload(serviceName, 'apps', { 'app.kubernetes.io/name': serviceName }), podPort: 8080,
});

describe('RoutingTable', () => {
  let table: RoutingTable;
  beforeEach(() => {
    table = new RoutingTable('example.com');
    table.add({ name: 'hello', subdomain: 'hello', backend: backend('hello') });
  });

  test('returns the public URL', () => {
    expect(table.add({ name: 'docs', subdomain: 'docs', path: '/v1', backend: backend('docs') })).toBe('https://docs.example.com/v1');
  });

  test('a host can be routed once, whatever the path', () => {
    expect(() => table.add({ name: 'other', subdomain: 'hello', path: '/api', backend: backend('other') }))
      .toThrow('Route "other": host hello.example.com is already routed to "hello" (one route per host: each host gets one Ingress and one TLS certificate)');
  });

  test('a path must start with "/"', () => {
    expect(() => table.add({ name: 'docs', subdomain: 'docs', path: 'v1', backend: backend('docs') })).toThrow('Route "docs": path "v1" must start with "/"');
  });

  test('internal paths must lie under the route\'s path', () => {
    expect(() => table.add({ name: 'docs', subdomain: 'docs', path: '/v1/', backend: backend('docs'), internalPaths: ['/metrics'] }))
      .toThrow('Route "docs": internal path "/metrics" must lie under the route\'s path "/v1/"');
    expect(table.add({ name: 'api', subdomain: 'api', path: '/v1/', backend: backend('api'), internalPaths: ['/v1/metrics'] })).toBe('https://api.example.com/v1/');
  });

  test('stores routes and canaries with their defaults applied', () => {
    table.addCanary({ of: 'hello', backend: backend('hello-canary'), weight: 5 });
    expect(table.routes[0].path).toBe('/');
    expect(table.routes[0].internalPaths).toEqual([]);
    expect(table.canaryOf('hello')?.weightTotal).toBe(100);
  });

  test('route names are unique', () => {
    expect(() => table.add({ name: 'hello', subdomain: 'hi', backend: backend('hi') })).toThrow('Route name "hello" is already used');
  });

  test('a canary attaches to an existing route, once, with its own Service and a valid weight', () => {
    expect(() => table.addCanary({ of: 'nope', backend: backend('x'), weight: 1 })).toThrow('Canary of "nope": no such route');
    expect(() => table.addCanary({ of: 'hello', backend: backend('hello'), weight: 1 })).toThrow('the canary needs its own Service');
    expect(() => table.addCanary({ of: 'hello', backend: backend('hello-canary'), weight: 101 })).toThrow('weight must be an integer from 0 to 100, got 101');
    expect(() => table.addCanary({ of: 'hello', backend: backend('hello-canary'), weight: 10, weightTotal: 10 }))
      .toThrow('weightTotal must be an integer of at least 100 (ingress-nginx reads smaller totals as 100), got 10');
    expect(() => table.addCanary({ of: 'hello', backend: backend('hello-canary'), weight: 1001, weightTotal: 1000 })).toThrow('weight must be an integer from 0 to 1000, got 1001');
    table.addCanary({ of: 'hello', backend: backend('hello-canary'), weight: 5 });
    expect(table.canaryOf('hello')?.weight).toBe(5);
    expect(() => table.addCanary({ of: 'hello', backend: backend('hello-canary2'), weight: 1 })).toThrow('already has a canary');
  });
});
