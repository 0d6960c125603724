import { environmentInput, find } from '../support/render';
import { container, env, fluentd, logging, loggingOf } from './support';
import { CONFIG_HASH_ANNOTATION } from '../../lib/core/platform-keys';
import { FluentdConfigOptions, renderFluentConf } from '../../lib/logging/fluentd-config';

const options: FluentdConfigOptions = {
  containerLogFormat: 'cri',
  excludePaths: ['/var/log/containers/fluentd-*_logging-agents_*.log'],
  stateDir: '/var/log/fluentd',
  metricsPort: 24231,
  output: { url: 'https://elasticsearch.logging.svc:9200', user: 'fluentd', passwordEnv: 'ES_PASSWORD', caFile: '/ca/ca.crt', indexPrefix: 'k8s-logs' },
  buffer: { totalLimitSize: '2Gi' },
};

/** The trimmed lines of the first `<name ...>` section, e.g. the `<buffer>` block. */
function block(conf: string, name: string): string[] {
  const start = conf.indexOf(`<${name}`);
  const end = conf.indexOf(`</${name}>`, start);
  if (start < 0 || end < 0) throw new Error(`no <${name}> in\n${conf}`);
  return conf.slice(start, end).split('\n').map(l => l.trim());
}

describe('fluent.conf', () => {
  const conf = renderFluentConf(options);

  test('a file buffer on the host path that blocks instead of dropping, with bounded size and exponential retry', () => {
    expect(block(conf, 'buffer')).toEqual(expect.arrayContaining([
      '@type file',
      'path /var/log/fluentd/buffer/elasticsearch',
      'overflow_action block',
      'total_limit_size 2048m',
      'chunk_limit_size 8m',
      'retry_type exponential_backoff',
      'retry_forever true',
    ]));
  });

  test('tails container logs with a host position file, excluding its own', () => {
    expect(conf).toContain('path /var/log/containers/*.log');
    expect(conf).toContain('pos_file /var/log/fluentd/containers.log.pos');
    expect(conf).toContain('exclude_path ["/var/log/containers/fluentd-*_logging-agents_*.log"]');
    expect(conf).toMatch(/<label @FLUENT_LOG>\s*<match fluent\.\*\*>\s*@type null/);
  });

  test('CRI parsing with partial-line concatenation by default, Docker JSON as an option', () => {
    expect(conf).toMatch(/<parse>\s*@type cri\s*keep_time_key false\s*<\/parse>/);
    expect(conf).toContain('use_partial_cri_logtag true');
    const json = renderFluentConf({ ...options, containerLogFormat: 'json' });
    expect(json).toMatch(/<parse>\s*@type json/);
    expect(json).not.toContain('use_partial_cri_logtag');
    expect(json).toContain('key log');
  });

  test('Kubernetes metadata, then Elasticsearch with stable connections, credentials from the environment and TLS verification', () => {
    expect(conf).toContain('@type kubernetes_metadata');
    const output = conf.slice(conf.indexOf('@type elasticsearch'), conf.indexOf('<buffer>')).split('\n').map(l => l.trim());
    expect(output).toEqual(expect.arrayContaining([
      'host elasticsearch.logging.svc', 'port 9200', 'scheme https', 'ssl_verify true', 'ca_file /ca/ca.crt',
      'user fluentd', `password "#{ENV['ES_PASSWORD']}"`,
      'sniffer_class_name Fluent::Plugin::ElasticsearchSimpleSniffer', 'reload_connections false', 'reconnect_on_error true', 'reload_on_failure true',
      'logstash_format true', 'logstash_prefix k8s-logs',
    ]));
  });

  test('plain http has no TLS settings; https without a CA is refused', () => {
    const plain = renderFluentConf({ ...options, output: { ...options.output, url: 'http://es.logging.svc:9200', caFile: undefined } });
    expect(plain).toContain('scheme http\n');
    expect(plain).not.toContain('ca_file');
    expect(() => renderFluentConf({ ...options, output: { ...options.output, caFile: undefined } })).toThrow(/https Elasticsearch URL needs caFile/);
  });

  test('a buffer smaller than one chunk is refused', () => {
    expect(() => renderFluentConf({ ...options, buffer: { totalLimitSize: '4Mi' } })).toThrow(/totalLimitSize \(4Mi\) must be larger than one chunk \(8Mi\)/);
  });
});

describe('Fluentd DaemonSet', () => {
  const ds = fluentd(logging('prod'));
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

  test('host mounts: its own state directory writable, node logs read-only, Docker path only on request', () => {
    const hostPaths = Object.fromEntries(pod.volumes.filter((v: any) => v.hostPath).map((v: any) => [v.name, v.hostPath.path]));
    expect(hostPaths).toEqual({ state: '/var/log/fluentd', containers: '/var/log/containers', pods: '/var/log/pods' });
    const mounts = Object.fromEntries(c.volumeMounts.map((m: any) => [m.mountPath, m.readOnly === true]));
    expect(mounts).toMatchObject({ '/var/log/fluentd': false, '/var/log/containers': true, '/var/log/pods': true, '/fluentd/etc': true });
    const input = environmentInput('dev');
    input.logging.fluentd.dockerContainersPath = true;
    const docker = container(fluentd(loggingOf(input))).volumeMounts.find((m: any) => m.mountPath === '/var/lib/docker/containers');
    expect(docker).toEqual({ name: 'docker-containers', mountPath: '/var/lib/docker/containers', readOnly: true });
  });

  test('root for the host files but otherwise narrow: no capabilities, no escalation, not privileged, read-only root', () => {
    expect(c.securityContext).toEqual({
      runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, privileged: false, allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.hostNetwork).toBeUndefined();
  });

  test('resources ~100m/200Mi and a limit of at least 500Mi; probes on the metrics port', () => {
    const dev = container(fluentd(logging('dev')));
    expect(dev.resources).toEqual({ requests: { cpu: '100m', memory: '200Mi' }, limits: { memory: '512Mi' } });
    expect(c.ports).toEqual([{ name: 'metrics', containerPort: 24231, protocol: 'TCP' }]);
    expect(c.livenessProbe.httpGet).toEqual({ path: '/metrics', port: 'metrics', scheme: 'HTTP' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/metrics', port: 'metrics', scheme: 'HTTP' });
  });

  test('writes as the least-privilege user with the password from the Secret in its own namespace', () => {
    expect(env(c, 'ELASTICSEARCH_PASSWORD').valueFrom).toEqual({ secretKeyRef: { name: 'fluentd-elasticsearch', key: 'password' } });
    expect(env(c, 'K8S_NODE_NAME').valueFrom).toEqual({ fieldRef: { fieldPath: 'spec.nodeName' } });
    const conf = find(logging('prod'), 'ConfigMap', 'fluentd', 'logging-agents').data['fluent.conf'];
    expect(conf).toContain('user fluentd\n');
    expect(conf).not.toContain('user elastic');
  });

  test('prod verifies Elasticsearch with the CA brought into logging-agents by a Certificate', () => {
    const cert = find(logging('prod'), 'Certificate', 'fluentd-elasticsearch-ca', 'logging-agents');
    expect(cert.spec.issuerRef).toEqual({ group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'platform-ca' });
    expect(pod.volumes).toContainEqual({ name: 'elasticsearch-ca', secret: { secretName: 'fluentd-elasticsearch-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } });
  });

  test('reads pod and namespace metadata cluster-wide, nothing more', () => {
    const objects = logging('prod');
    expect(find(objects, 'ClusterRole', 'logging-agents-fluentd').rules).toEqual([{ apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] }]);
    expect(find(objects, 'ClusterRoleBinding', 'logging-agents-fluentd').subjects).toEqual([{ kind: 'ServiceAccount', name: 'fluentd', namespace: 'logging-agents' }]);
    expect(pod.serviceAccountName).toBe('fluentd');
  });

  test('the config-hash annotation changes when fluent.conf changes', () => {
    const hash = (objects: ReturnType<typeof logging>) => fluentd(objects).spec.template.metadata.annotations[CONFIG_HASH_ANNOTATION];
    const input = environmentInput('dev');
    input.logging.fluentd.bufferLimit = '2Gi';
    expect(hash(loggingOf(input))).not.toBe(hash(logging('dev')));
    expect(hash(loggingOf(environmentInput('dev')))).toBe(hash(logging('dev')));
  });
});
