import { declaredTlsSecrets } from '../../lib/ingress/tls';
import { DeclaredSecret } from '../../lib/secrets/declared-secret';

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
});
