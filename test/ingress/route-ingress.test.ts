import { Testing } from 'cdk8s';
import { Peer } from '../../lib/network/peer';
import { RegisteredCanary, RegisteredRoute, RouteBackend } from '../../lib/network/routing-table';
import { RouteIngress, RouteIngressProps } from '../../lib/ingress/route-ingress';
import { find, KubeObject, ofKind } from '../support/render';

const backend = (serviceName: string): RouteBackend => ({ namespace: 'apps', serviceName, servicePort: 80, pods: Peer.workload(serviceName, 'apps', { app: serviceName }), podPort: 8080 });
const route: RegisteredRoute = { name: 'web', subdomain: 'www', path: '/', backend: backend('web'), internalPaths: [] };

function synth(props: Partial<RouteIngressProps> = {}): KubeObject[] {
  const chart = Testing.chart();
  new RouteIngress(chart, 'route', { route, host: 'www.example.com', className: 'nginx', tlsSecretName: 'www.example.com-tls', ...props });
  return Testing.synth(chart) as KubeObject[];
}

describe('RouteIngress', () => {
  test('defaults: one Ingress in the backend namespace, with its class, TLS secret and a Prefix path, no annotations', () => {
    const objects = synth();
    expect(objects).toHaveLength(1);
    const ingress = find(objects, 'Ingress', 'web', 'apps');
    expect(ingress.metadata.annotations).toBeUndefined();
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['www.example.com'], secretName: 'www.example.com-tls' }],
      rules: [{ host: 'www.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
    });
    expect(ingress.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/component': 'ingress', 'app.kubernetes.io/part-of': 'platform' });
  });

  test('route annotations and TLS annotations go on the main Ingress', () => {
    const ingress = find(synth({ route: { ...route, annotations: { a: '1' } }, tlsAnnotations: { b: '2' } }), 'Ingress', 'web', 'apps');
    expect(ingress.metadata.annotations).toEqual({ a: '1', b: '2' });
  });

  test('a canary repeats host, path and class, carries the weight, and neither TLS nor other annotations', () => {
    const canary: RegisteredCanary = { of: 'web', backend: backend('web-canary'), weight: 10, weightTotal: 100 };
    const objects = synth({ canary, tlsAnnotations: { b: '2' } });
    expect(ofKind(objects, 'Ingress').map(i => i.metadata.name)).toEqual(['web', 'web-canary']);
    const ingress = find(objects, 'Ingress', 'web-canary', 'apps');
    expect(ingress.metadata.annotations).toEqual({
      'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': '10', 'nginx.ingress.kubernetes.io/canary-weight-total': '100',
    });
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      rules: [{ host: 'www.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web-canary', port: { number: 80 } } } }] } }],
    });
  });

  test('internal paths: a second Ingress on the same host refuses them to every client, the main one is unchanged', () => {
    const objects = synth({ route: { ...route, internalPaths: ['/metrics', '/debug'] } });
    expect(find(objects, 'Ingress', 'web', 'apps').spec.rules[0].http.paths.map((p: any) => p.path)).toEqual(['/']);
    const internal = find(objects, 'Ingress', 'web-internal', 'apps');
    expect(internal.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/denylist-source-range': '0.0.0.0/0,::/0' });
    expect(internal.spec.ingressClassName).toBe('nginx');
    expect(internal.spec.rules).toEqual([{
      host: 'www.example.com',
      http: { paths: ['/metrics', '/debug'].map(path => ({ path, pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } })) },
    }]);
  });

  test('no internal paths: no second Ingress', () => {
    expect(ofKind(synth(), 'Ingress').map(i => i.metadata.name)).toEqual(['web']);
  });
});
