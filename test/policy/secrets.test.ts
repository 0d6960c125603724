import { looksSensitive, SECRET_RULES, secrets } from '../../lib/policy/rules/secrets';
import { describeRules, QuietCase, RuleCase, webPod } from './fixtures';

const secret = (extra: object) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leak', namespace: 'apps' }, ...extra });
const addEnv = (name: string, value: string) => (o: any[]) => { webPod(o).containers[0].env.push({ name, value }); };

const cases: RuleCase[] = [
  { rule: SECRET_RULES.secretData, title: 'Secret with data', kind: 'Secret', name: 'leak', path: 'data',
    breakIt: o => { o.push(secret({ data: { password: 'aHVudGVyMg==' } })); } },
  { rule: SECRET_RULES.secretData, title: 'Secret with stringData', kind: 'Secret', name: 'leak', path: 'stringData',
    breakIt: o => { o.push(secret({ stringData: { token: 'abc' } })); } },
  { rule: SECRET_RULES.literalEnv, title: 'DB_PASSWORD literal', kind: 'Deployment', name: 'web',
    path: 'spec.template.spec.containers[0].env[3].value', breakIt: addEnv('ADMIN_PASSWORD', 'hunter2') },
  { rule: SECRET_RULES.literalEnv, title: 'camelCase apiToken literal', kind: 'Deployment', name: 'web',
    path: 'spec.template.spec.containers[0].env[3].value', breakIt: addEnv('githubApiToken', 'ghp_x') },
];

const quiet: QuietCase[] = [
  { title: 'Secret without data (e.g. a service account token to be filled by the cluster)', change: o => {
    o.push(secret({ type: 'kubernetes.io/service-account-token', metadata: { name: 'web-token', namespace: 'apps', annotations: { 'kubernetes.io/service-account.name': 'web' } } }));
  } },
  { title: 'paths and names of credentials are not credentials, nor are boolean switches about them', change: o => {
    addEnv('CASC_STRICT_SECRET_RESOLUTION', 'true')(o);
    addEnv('TOKEN_PATH', '/var/run/token')(o);
    addEnv('SECRET_NAME', 'web-db')(o);
    addEnv('KEYCLOAK_URL', 'https://sso')(o);
  } },
];

describe('secret hygiene', () => {
  describeRules(secrets, cases, quiet);

  test.each([
    ['DB_PASSWORD', true], ['API_KEY', true], ['AWS_SECRET_ACCESS_KEY', true], ['jenkinsAdminPassword', true], ['SLACK_TOKEN', true],
    ['PASSWORD_FILE', false], ['MONKEY', false], ['KEYCLOAK_REALM', false], ['CACHE_KEY_PREFIX', false], ['JAVA_OPTS', false],
    ['GF_PLUGINS_PUBLIC_KEY_RETRIEVAL_DISABLED', false], ['API_KEY_ENABLED', false],
  ])('looksSensitive(%s) = %s', (name, expected) => {
    expect(looksSensitive(name)).toBe(expected);
  });
});
