import { declaredSecretsData, declaredSecretsIn, DeclaredSecretEntry, isDeclaredSecretsList, readDeclaredSecrets } from '../../lib/core/declared-secrets';
import { KubeObject } from '../../lib/core/kube-object';

const entry: DeclaredSecretEntry = { name: 'elastic', namespaces: ['logging'], origin: 'bootstrap', keys: ['password'], description: 'superuser' };
const list = (data: Record<string, string> | undefined, labels: Record<string, string> = { 'platform.internal/declared-secrets': 'true' }): KubeObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'spec', namespace: 'logging', labels }, data });

describe('declared secrets list', () => {
  test('what the bootstrap writes reads back as written: names and keys, never values', () => {
    const data = declaredSecretsData([entry]);
    expect(Object.keys(data)).toEqual(['secrets.json']);
    expect(readDeclaredSecrets(list(data))).toEqual({ secrets: [entry], problems: [] });
  });

  test('only a ConfigMap with the label is a list', () => {
    expect(isDeclaredSecretsList(list(declaredSecretsData([entry])))).toBe(true);
    expect(isDeclaredSecretsList(list(declaredSecretsData([entry]), {}))).toBe(false);
    expect(isDeclaredSecretsList({ ...list(undefined), kind: 'Secret' })).toBe(false);
    expect(declaredSecretsIn([list(declaredSecretsData([entry])), list(declaredSecretsData([entry]), {})])).toEqual([entry]);
  });

  test.each([
    ['no data', undefined, 'missing data["secrets.json"]'],
    ['not JSON', { 'secrets.json': '{' }, /^not JSON: /],
    ['no list', { 'secrets.json': '{"secret": []}' }, 'expected {"secrets": [...]}'],
  ])('%s is a problem', (_, data, problem) => {
    const reading = readDeclaredSecrets(list(data));
    expect(reading.secrets).toEqual([]);
    expect(reading.problems).toHaveLength(1);
    expect(reading.problems[0]).toMatch(problem);
  });

  test('a malformed entry is a problem; the others still count', () => {
    const reading = readDeclaredSecrets(list({ 'secrets.json': JSON.stringify({ secrets: [{ name: 'x', keys: ['k'] }, entry] }) }));
    expect(reading).toEqual({ secrets: [entry], problems: ['secrets[0] needs name, namespaces[] and keys[]'] });
  });
});
