import { Testing } from 'cdk8s';
import { k8s } from '../../lib/core/k8s';
import { DeclaredSecret, DOCKER_REGISTRY_SECRET_KEY } from '../../lib/secrets/declared-secret';
import { attachImagePullSecret } from '../../lib/secrets/image-pull-secret';

const podSpec = { containers: [{ name: 'c', image: 'registry.example.com/x/y:1' }] };

describe('attachImagePullSecret', () => {
  const chart = Testing.chart();
  new k8s.KubeDeployment(chart, 'deployment', { metadata: { name: 'd', namespace: 'a' }, spec: { selector: {}, template: { spec: podSpec } } });
  new k8s.KubeCronJob(chart, 'cron', { metadata: { name: 'c', namespace: 'b' }, spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: podSpec } } } } });
  new k8s.KubeServiceAccount(chart, 'account', { metadata: { name: 's', namespace: 'c' } });
  new k8s.KubeConfigMap(chart, 'config', { metadata: { name: 'm', namespace: 'd' }, data: { k: 'v' } });
  const namespaces = attachImagePullSecret(chart, 'pull');
  const [deployment, cron, account, config] = Testing.synth(chart);
  const expected = [{ name: 'pull' }];

  test('pod specs of every workload kind and ServiceAccounts get the secret; other objects are untouched', () => {
    expect(deployment.spec.template.spec.imagePullSecrets).toEqual(expected);
    expect(cron.spec.jobTemplate.spec.template.spec.imagePullSecrets).toEqual(expected);
    expect(account.imagePullSecrets).toEqual(expected);
    expect(config).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'm', namespace: 'd' }, data: { k: 'v' } });
  });

  test('returns the namespaces that now need the secret, sorted', () => {
    expect(namespaces).toEqual(['a', 'b', 'c']);
  });
});

describe('a docker-registry declared secret', () => {
  const props = { name: 'pull', namespaces: ['a'], description: 'mirror credentials', type: 'docker-registry' as const };

  test('has the one key kubectl writes, and the matching create command', () => {
    const secret = DeclaredSecret.external({ ...props, keys: [DOCKER_REGISTRY_SECRET_KEY] });
    expect(secret.createCommand('a')).toBe('kubectl create secret docker-registry pull -n a --docker-server=... --docker-username=... --docker-password=...');
  });

  test('refuses other keys', () => {
    expect(() => DeclaredSecret.external({ ...props, keys: ['password'] })).toThrow('a docker-registry secret has exactly the key .dockerconfigjson, got password');
  });
});
