import { Testing } from 'cdk8s';
import { INGRESS_NGINX_CONTROLLER, NginxIngressClass } from '../../lib/ingress/ingress-class';

describe('NginxIngressClass', () => {
  test('names the ingress-nginx controller and is not the cluster default', () => {
    const chart = Testing.chart();
    new NginxIngressClass(chart, 'class', { name: 'public' });
    const [ingressClass] = Testing.synth(chart);
    expect(ingressClass).toEqual({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'public' }, spec: { controller: 'k8s.io/ingress-nginx' } });
    expect(INGRESS_NGINX_CONTROLLER).toBe('k8s.io/ingress-nginx');
  });
});
