import { Testing } from 'cdk8s';
import { ACME_SOLVER, AcmeSolverFlows, AcmeSolverFlowsProps, declaredTlsSecrets, tlsAnnotations, tlsSecretName } from '../../lib/ingress/tls';
import { Peer } from '../../lib/network/peer';
import { DeclaredSecret } from '../../lib/secrets/declared-secret';
import { KubeObject } from '../support/render';

describe('TLS secrets', () => {
  const hosts = new Map([['apps', ['www.example.com']]]);

  test('existingSecrets declares each host secret as an external tls secret with its kubectl command', () => {
    const [secret] = declaredTlsSecrets({ mode: 'existingSecrets' }, hosts).get('apps')!;
    expect(secret).toMatchObject({ name: 'www.example.com-tls', namespaces: ['apps'], origin: 'external', type: 'tls', keyNames: ['tls.crt', 'tls.key'] });
    expect(secret.createCommand('apps')).toBe('kubectl create secret tls www.example.com-tls -n apps --cert=... --key=...');
    expect(secret.description).toBe('TLS certificate and key for https://www.example.com/ (kubectl create secret tls www.example.com-tls -n apps --cert=... --key=...)');
  });

  test('cert-manager declares none: it owns the Secrets', () => {
    expect(declaredTlsSecrets({ mode: 'certManager', clusterIssuer: 'letsencrypt', challenge: 'http01' }, hosts).size).toBe(0);
  });

  test('a tls secret has exactly the keys tls.crt and tls.key', () => {
    expect(() => DeclaredSecret.external({ name: 'x-tls', namespaces: ['apps'], keys: ['cert'], type: 'tls', description: '' }))
      .toThrow('Declared secret "x-tls": a tls secret has exactly the keys tls.crt, tls.key, got cert');
  });

  test('the secret is named after the host; cert-manager issues it only when annotated with the ClusterIssuer', () => {
    expect(tlsSecretName('www.example.com')).toBe('www.example.com-tls');
    expect(tlsAnnotations({ mode: 'certManager', clusterIssuer: 'letsencrypt' })).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
    expect(tlsAnnotations({ mode: 'existingSecrets' })).toEqual({});
  });
});

describe('AcmeSolverFlows', () => {
  const ingressController = Peer.foreign('ingress-controller', 'edge', { app: 'router' });

  function synth(tls: AcmeSolverFlowsProps['tls']): KubeObject[] {
    const chart = Testing.chart();
    new AcmeSolverFlows(chart, 'acme', { tls, ingressController, namespaces: ['apps', 'ci'] });
    return Testing.synth(chart) as KubeObject[];
  }

  test('the solver facts read from cert-manager v1.13.6 to v1.19.6', () => {
    expect(ACME_SOLVER).toEqual({ labels: { 'acme.cert-manager.io/http01-solver': 'true' }, port: 8089 });
  });

  test('HTTP-01 (the default challenge): the controller may reach the solver pods on 8089 in each namespace, which say who creates them', () => {
    const policies = synth({ mode: 'certManager', clusterIssuer: 'letsencrypt' });
    expect(policies.map(p => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual([
      'apps/ingress-controller-to-acme-http01-solver-ingress', 'ci/ingress-controller-to-acme-http01-solver-ingress',
    ]);
    expect(policies[0].metadata.annotations).toEqual({ 'platform.internal/selects-pods-created-by': 'cert-manager (ACME HTTP-01 solver)', 'platform.internal/external-namespaces': 'edge' });
    expect(policies[0].spec).toEqual({
      podSelector: { matchLabels: { 'acme.cert-manager.io/http01-solver': 'true' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } }, podSelector: { matchLabels: { app: 'router' } } }],
        ports: [{ port: 8089, protocol: 'TCP' }],
      }],
    });
  });

  test.each([
    ['DNS-01', { mode: 'certManager', clusterIssuer: 'letsencrypt', challenge: 'dns01' } as const],
    ['operator-supplied certificates', { mode: 'existingSecrets' } as const],
  ])('%s: no flow', (_, tls) => {
    expect(synth(tls)).toEqual([]);
  });
});
