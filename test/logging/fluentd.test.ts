import { find, KubeObject, ofKind } from '../support/render';
import { container, env, fluentd, secrets, synthOf } from './support';
import { CONFIG_HASH_ANNOTATION } from '../../lib/core/platform-keys';
import { Fluentd, fluentdPodSecurity, FluentdProps } from '../../lib/logging/fluentd';
import { FLUENTD_IMAGE_FACTS } from '../../lib/logging/fluentd-image';

const minimal: FluentdProps = {
  namespace: 'logging-agents',
  image: 'docker.io/fluent/fluentd-kubernetes-daemonset:v1.19.3-debian-elasticsearch8-1.1',
  resources: { cpu: '100m', memory: '512Mi' },
  elasticsearchUrl: 'http://elasticsearch.logging.svc:9200',
  user: 'fluentd',
  password: secrets.writerPassword,
  indexPrefix: 'k8s-logs',
  partOf: 'logging',
};
const ISSUER = { kind: 'ClusterIssuer' as const, name: 'platform-ca' };

const objectsOf = (props: Partial<FluentdProps> = {}) => synthOf(chart => new Fluentd(chart, 'fluentd', { ...minimal, ...props }));
const confOf = (objects: KubeObject[], name = 'fluentd') => find(objects, 'ConfigMap', name, 'logging-agents').data[FLUENTD_IMAGE_FACTS.entrypoint.env.FLUENTD_CONF] as string;

describe('Fluentd defaults (minimal props)', () => {
  const objects = objectsOf();
  const ds = fluentd(objects);
  const pod = ds.spec.template.spec;
  const c = container(ds);

  test('runs on every node, control plane included, as node-critical, one node at a time', () => {
    expect(pod.tolerations).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(pod.priorityClassName).toBe('system-node-critical');
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } });
  });

  test('host mounts: its own state directory writable, node logs read-only, no Docker path', () => {
    const hostPaths = Object.fromEntries(pod.volumes.filter((v: any) => v.hostPath).map((v: any) => [v.name, v.hostPath]));
    expect(hostPaths).toEqual({
      state: { path: '/var/log/fluentd', type: 'DirectoryOrCreate' },
      containers: { path: '/var/log/containers', type: 'Directory' },
      pods: { path: '/var/log/pods', type: 'Directory' },
    });
    const mounts = Object.fromEntries(c.volumeMounts.map((m: any) => [m.mountPath, m.readOnly === true]));
    expect(mounts).toEqual({ '/var/log/fluentd': false, '/var/log/containers': true, '/var/log/pods': true, [FLUENTD_IMAGE_FACTS.entrypoint.configDir]: true, '/tmp': false });
  });

  test('root for the host files but otherwise narrow: no capabilities, no escalation, not privileged, read-only root', () => {
    expect(pod.securityContext).toEqual({ runAsNonRoot: false, runAsUser: 0, runAsGroup: 0, seccompProfile: { type: 'RuntimeDefault' } });
    expect(c.securityContext).toEqual({
      runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, privileged: false, allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.hostNetwork).toBeUndefined();
    expect(fluentdPodSecurity()).toEqual({ level: 'privileged', reason: expect.stringMatching(/hostPath/) });
  });

  test('resources as given (memory requested in full); probes on the metrics port', () => {
    expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '512Mi' } });
    expect(c.ports).toEqual([{ name: 'metrics', containerPort: 24231, protocol: 'TCP' }]);
    expect(c.livenessProbe.httpGet).toEqual({ path: '/metrics', port: 'metrics', scheme: 'HTTP' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/metrics', port: 'metrics', scheme: 'HTTP' });
  });

  test('writes as the given user with the password from the Secret in its own namespace', () => {
    expect(env(c, 'ELASTICSEARCH_PASSWORD').valueFrom).toEqual({ secretKeyRef: { name: 'fluentd-elasticsearch', key: 'password' } });
    expect(env(c, 'K8S_NODE_NAME').valueFrom).toEqual({ fieldRef: { fieldPath: 'spec.nodeName' } });
    const conf = confOf(objects);
    expect(conf).toContain('user fluentd\n');
    expect(conf).toContain(`password "#{ENV['ELASTICSEARCH_PASSWORD']}"`);
    expect(conf).toContain('logstash_prefix k8s-logs\n');
  });

  test('CRI logs, a 1Gi buffer, plain http without a CA, its own logs excluded', () => {
    const conf = confOf(objects);
    expect(conf).toMatch(/<parse>\s*@type cri/);
    expect(conf).toContain('total_limit_size 1024m');
    expect(conf).toContain('scheme http\n');
    expect(conf).not.toContain('ca_file');
    expect(conf).toContain('exclude_path ["/var/log/containers/fluentd-*_logging-agents_*.log"]');
    expect(ofKind(objects, 'Certificate')).toEqual([]);
  });

  test('reads pod and namespace metadata cluster-wide with its own token, nothing more', () => {
    expect(find(objects, 'ClusterRole', 'logging-agents-fluentd').rules).toEqual([{ apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] }]);
    expect(find(objects, 'ClusterRoleBinding', 'logging-agents-fluentd').subjects).toEqual([{ kind: 'ServiceAccount', name: 'fluentd', namespace: 'logging-agents' }]);
    expect(pod).toMatchObject({ serviceAccountName: 'fluentd', automountServiceAccountToken: true });
  });

  test('the config-hash annotation is the hash of fluent.conf: a change rolls the DaemonSet', () => {
    const hash = (o: KubeObject[]) => fluentd(o).spec.template.metadata.annotations[CONFIG_HASH_ANNOTATION];
    expect(hash(objectsOf())).toBe(hash(objects));
    expect(hash(objectsOf({ bufferLimit: '2Gi' }))).not.toBe(hash(objects));
  });
});

describe('Fluentd overrides', () => {
  test('name: DaemonSet, ServiceAccount, ConfigMap, ClusterRole and the excluded own logs follow it', () => {
    const objects = objectsOf({ name: 'shipper' });
    expect(find(objects, 'DaemonSet', 'shipper', 'logging-agents').spec.template.spec.serviceAccountName).toBe('shipper');
    expect(find(objects, 'ClusterRole', 'logging-agents-shipper')).toBeDefined();
    expect(confOf(objects, 'shipper')).toContain('exclude_path ["/var/log/containers/shipper-*_logging-agents_*.log"]');
  });

  test('containerLogFormat json', () => {
    expect(confOf(objectsOf({ containerLogFormat: 'json' }))).toMatch(/<parse>\s*@type json/);
  });

  test('dockerContainersPath mounts /var/lib/docker/containers read-only', () => {
    const ds = fluentd(objectsOf({ dockerContainersPath: true }));
    expect(container(ds).volumeMounts).toContainEqual({ name: 'docker-containers', mountPath: '/var/lib/docker/containers', readOnly: true });
    expect(ds.spec.template.spec.volumes).toContainEqual({ name: 'docker-containers', hostPath: { path: '/var/lib/docker/containers', type: 'Directory' } });
  });

  test('bufferLimit', () => {
    expect(confOf(objectsOf({ bufferLimit: '2Gi' }))).toContain('total_limit_size 2048m');
  });

  test('memoryRequest below the limit: Burstable on every node', () => {
    expect(container(fluentd(objectsOf({ resources: { cpu: '100m', memory: '512Mi', memoryRequest: '200Mi' } }))).resources)
      .toEqual({ requests: { cpu: '100m', memory: '200Mi' }, limits: { memory: '512Mi' } });
  });

  test('tlsIssuer: a Certificate brings the issuing CA into its namespace, and the output verifies with it', () => {
    const objects = objectsOf({ elasticsearchUrl: 'https://elasticsearch.logging.svc:9200', tlsIssuer: ISSUER });
    const cert = find(objects, 'Certificate', 'fluentd-elasticsearch-ca', 'logging-agents');
    expect(cert.spec).toMatchObject({ secretName: 'fluentd-elasticsearch-ca', issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'platform-ca' } });
    expect(fluentd(objects).spec.template.spec.volumes).toContainEqual({ name: 'elasticsearch-ca', secret: { secretName: 'fluentd-elasticsearch-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } });
    expect(container(fluentd(objects)).volumeMounts).toContainEqual({ name: 'elasticsearch-ca', mountPath: '/etc/elasticsearch-ca', readOnly: true });
    expect(confOf(objects)).toContain('ca_file /etc/elasticsearch-ca/ca.crt\n');
  });
});

describe('Fluentd errors', () => {
  test('an https URL without a tlsIssuer (no CA to verify with)', () => {
    expect(() => objectsOf({ elasticsearchUrl: 'https://elasticsearch.logging.svc:9200' })).toThrow(/https Elasticsearch URL needs caFile/);
  });

  test('a bufferLimit smaller than one chunk', () => {
    expect(() => objectsOf({ bufferLimit: '4Mi' })).toThrow(/totalLimitSize \(4Mi\) must be larger than one chunk \(8Mi\)/);
  });
});
