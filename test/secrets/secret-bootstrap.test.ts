import { Testing } from 'cdk8s';
import { DeclaredSecret } from '../../lib/secrets/declared-secret';
import { DECLARED_SECRETS_LABEL } from '../../lib/core/platform-keys';
import { Peer } from '../../lib/network/peer';
import { SecretBootstrap, SecretBootstrapProps } from '../../lib/secrets/secret-bootstrap';
import { find, KubeObject, ofKind } from '../support/render';

const apiServer = { peer: Peer.ipBlock('kube-apiserver', ['172.18.0.2/32']), ports: [6443] };

function renderBootstrap(secrets: DeclaredSecret[], props: Partial<SecretBootstrapProps> = {}): KubeObject[] {
  const chart = Testing.chart();
  new SecretBootstrap(chart, 'bootstrap', { namespace: 'logging', secrets, image: 'docker.io/alpine/k8s:1.27.16', apiServer, partOf: 'logging', ...props });
  return Testing.synth(chart) as KubeObject[];
}

const shared = DeclaredSecret.generated({ name: 'fluentd-writer', namespaces: ['logging', 'logging-agents'], keys: { password: {} }, description: 'writer' });
const local = DeclaredSecret.generated({ name: 'elastic', namespaces: ['logging'], keys: { password: {} }, description: 'superuser' });
const external = DeclaredSecret.external({ name: 'smtp', namespaces: ['logging'], keys: ['password'], description: 'mail relay' });

describe('SecretBootstrap', () => {
  const objects = renderBootstrap([shared, local, external]);

  test('renders no Secret and no secret material', () => {
    expect(ofKind(objects, 'Secret')).toEqual([]);
    const spec = JSON.parse(find(objects, 'ConfigMap', 'secret-bootstrap-spec').data['secrets.json']);
    expect(spec.secrets).toEqual([
      { name: 'fluentd-writer', namespaces: ['logging', 'logging-agents'], origin: 'bootstrap', keys: ['password'], description: 'writer' },
      { name: 'elastic', namespaces: ['logging'], origin: 'bootstrap', keys: ['password'], description: 'superuser' },
      { name: 'smtp', namespaces: ['logging'], origin: 'external', keys: ['password'], description: 'mail relay' },
    ]);
    expect(find(objects, 'ConfigMap', 'secret-bootstrap-spec').metadata.labels![DECLARED_SECRETS_LABEL]).toBe('true');
  });

  test('RBAC: get on the declared names only, create only where something is generated', () => {
    expect(find(objects, 'Role', 'secret-bootstrap', 'logging').rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['elastic', 'fluentd-writer', 'smtp'], verbs: ['get'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
    ]);
    const agents = find(objects, 'Role', 'secret-bootstrap-logging', 'logging-agents');
    expect(agents.rules[0].resourceNames).toEqual(['fluentd-writer']);
    expect(find(objects, 'RoleBinding', 'secret-bootstrap-logging', 'logging-agents').subjects)
      .toEqual([{ kind: 'ServiceAccount', name: 'secret-bootstrap', namespace: 'logging' }]);
    expect(ofKind(objects, 'ClusterRole')).toEqual([]);
  });

  test('the Job is restricted, pinned, and named by a hash of what it creates', () => {
    const [job] = ofKind(objects, 'Job');
    expect(job.metadata.name).toMatch(/^secret-bootstrap-[0-9a-f]{8}$/);
    const pod = job.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(pod.containers[0].image).toBe('docker.io/alpine/k8s:1.27.16');

    const other = ofKind(renderBootstrap([shared, local]), 'Job')[0];
    expect(other.metadata.name).not.toBe(job.metadata.name);
    expect(ofKind(renderBootstrap([shared, local, external]), 'Job')[0].metadata.name).toBe(job.metadata.name);
  });

  test('the Job may reach the API server and nothing else', () => {
    const policy = find(objects, 'NetworkPolicy', 'secret-bootstrap-to-kube-apiserver-egress', 'logging');
    expect(ofKind(objects, 'Job')[0].spec.template.metadata.labels).toMatchObject(policy.spec.podSelector.matchLabels);
    expect(ofKind(objects, 'Job')[0].spec.template.metadata.labels['app.kubernetes.io/part-of']).toBe('logging');
    expect(policy.spec.egress[0].to).toEqual([{ ipBlock: { cidr: '172.18.0.2/32' } }]);
    expect(policy.spec.egress[0].ports).toEqual([{ port: 6443, protocol: 'TCP' }]);
  });

  test('only the Job\'s own account token is mounted, no Service links, a 16Mi scratch /tmp as HOME', () => {
    const pod = ofKind(objects, 'Job')[0].spec.template.spec;
    expect(pod).toMatchObject({ serviceAccountName: 'secret-bootstrap', automountServiceAccountToken: true, enableServiceLinks: false, restartPolicy: 'Never' });
    expect(pod.containers[0].env).toEqual([{ name: 'HOME', value: '/tmp' }]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'bootstrap', mountPath: '/bootstrap', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'bootstrap', configMap: { name: 'secret-bootstrap-spec' } }, { name: 'tmp', emptyDir: { sizeLimit: '16Mi' } }]);
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } });
  });

  test('name renames the Job, its account, Roles and spec, and keeps the pod labels\' name', () => {
    const renamed = renderBootstrap([local], { name: 'ingress-tls' });
    expect(find(renamed, 'ServiceAccount', 'ingress-tls', 'logging')).toBeDefined();
    expect(find(renamed, 'Role', 'ingress-tls', 'logging')).toBeDefined();
    expect(find(renamed, 'CronJob', 'ingress-tls', 'logging').spec.jobTemplate.spec.template.spec.volumes[0].configMap.name).toBe('ingress-tls-spec');
    expect(ofKind(renamed, 'Job')[0].spec.template.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'secret-bootstrap', 'app.kubernetes.io/instance': 'ingress-tls' });
  });
});
