import { Chart, Testing } from 'cdk8s';
import { Certificate } from '../../lib/tls/certificate';

describe('Certificate', () => {
  const props = { name: 'web-tls', namespace: 'apps', secretName: 'web-tls', issuer: { kind: 'ClusterIssuer', name: 'platform-ca' } } as const;

  test('the first DNS name is also the common name', () => {
    const chart = new Chart(Testing.app(), 'test');
    new Certificate(chart, 'cert', { ...props, dnsNames: ['web.apps.svc', 'web'] });
    const [cert] = Testing.synth(chart);
    expect(cert.spec).toMatchObject({ commonName: 'web.apps.svc', dnsNames: ['web.apps.svc', 'web'], secretName: 'web-tls' });
  });

  test('a certificate without DNS names is refused', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new Certificate(chart, 'cert', { ...props, dnsNames: [] })).toThrow('Certificate "web-tls" needs at least one DNS name');
  });
});
