import { DeclaredSecret } from '../../lib/secrets/declared-secret';

const shared = DeclaredSecret.generated({ name: 'fluentd-writer', namespaces: ['logging', 'logging-agents'], keys: { password: {} }, description: 'writer' });
const local = DeclaredSecret.generated({ name: 'elastic', namespaces: ['logging'], keys: { password: { length: 40, alphabet: 'hex' } }, description: 'superuser' });
const external = DeclaredSecret.external({ name: 'smtp', namespaces: ['logging'], keys: ['password'], description: 'mail relay' });

describe('DeclaredSecret', () => {
  test('rejects unknown keys and weak lengths', () => {
    expect(() => local.keyRef('passwd')).toThrow('Declared secret "elastic" has no key "passwd" (keys: password)');
    expect(() => DeclaredSecret.generated({ name: 'x', namespaces: ['a'], keys: { k: { length: 8 } }, description: '' }))
      .toThrow('key "k" length must be an integer from 16 to 256, got 8');
    expect(() => DeclaredSecret.generated({ name: 'x', namespaces: [], keys: { k: {} }, description: '' })).toThrow('needs at least one namespace');
    expect(() => DeclaredSecret.generated({ name: 'x', namespaces: ['a'], keys: {}, description: '' })).toThrow('Declared secret "x" needs at least one key');
    expect(() => DeclaredSecret.external({ name: 'x', namespaces: ['a'], keys: ['bad key'], description: '' })).toThrow('Declared secret "x": key "bad key" must match');
  });

  test('references by name, never by value', () => {
    expect(shared.keyRef('password')).toEqual({ secretKeyRef: { name: 'fluentd-writer', key: 'password' } });
    expect(external.createCommand('logging')).toBe('kubectl create secret generic smtp -n logging --from-literal=password=...');
  });
});

describe('DeclaredSecret defaults and entry', () => {
  test('a generated key is 32 alphanumeric characters unless told otherwise; an external secret is generic', () => {
    expect(shared.keys).toEqual([{ key: 'password', length: 32, alphabet: 'alphanumeric' }]);
    expect(local.keys).toEqual([{ key: 'password', length: 40, alphabet: 'hex' }]);
    expect(external.type).toBe('generic');
  });

  test('the entry of the declared-secrets list holds names, never values', () => {
    expect(shared.entry).toEqual({ name: 'fluentd-writer', namespaces: ['logging', 'logging-agents'], origin: 'bootstrap', keys: ['password'], description: 'writer' });
    expect(external.entry.origin).toBe('external');
  });
});
