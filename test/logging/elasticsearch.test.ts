import { parse } from 'yaml';
import { environmentInput, find, ofKind, render } from '../support/render';
import { container, elasticsearch, env, logging, loggingOf } from './support';
import { CONFIG_HASH_ANNOTATION } from '../../lib/core/platform-keys';
import { parseQuantity } from '../../lib/core/quantity';
import { ELASTICSEARCH_IMAGE, ERROR_REPORTS_MEBIBYTES, GC_LOG, logsVolumeMebibytes } from '../../lib/logging/elasticsearch-config';

/** The image's default GC logging line (ELASTICSEARCH_IMAGE.defaultGcLog), as jvm.options has it. */
const IMAGE_GC_LOG = `-Xlog:gc*,gc+age=trace,safepoint:file=logs/gc.log:utctime,level,pid,tags:filecount=${ELASTICSEARCH_IMAGE.defaultGcLog.fileCount},filesize=${ELASTICSEARCH_IMAGE.defaultGcLog.fileSizeMebibytes}m`;

/**
 * The GC log rotation the JVM ends up with, from the jvm.options.d lines rendered after the image's
 * jvm.options: a later -Xlog to an existing output cannot change its rotation, so only a reset
 * (-Xlog:disable) lets a later file output replace the image's.
 */
function effectiveGcLog(jvmOptionsD: string[]): { fileCount: number; fileSizeMebibytes: number } {
  const outputs = new Map<string, string>();
  for (const line of [IMAGE_GC_LOG, ...jvmOptionsD]) {
    if (line === '-Xlog:disable') outputs.clear();
    const file = /^-Xlog:[^:]*:file=([^:]+):[^:]*:?(.*)$/.exec(line);
    // Relative to the working directory, the image's home.
    const path = file && (file[1].startsWith('/') ? file[1] : `${ELASTICSEARCH_IMAGE.home}/${file[1]}`);
    if (path && !outputs.has(path)) outputs.set(path, file![2]);
  }
  expect(outputs.size).toBe(1);
  const [options] = [...outputs.values()];
  const match = /filecount=(\d+),filesize=(\d+)([km])$/.exec(options);
  if (!match) throw new Error(`GC log without a bounded rotation: ${options}`);
  return { fileCount: Number(match[1]), fileSizeMebibytes: Number(match[2]) / (match[3] === 'k' ? 1024 : 1) };
}

/** The lines of every jvm.options.d file the Elasticsearch container mounts from its ConfigMap. */
function jvmOptionsD(objects: ReturnType<typeof logging>): string[] {
  const data = find(objects, 'ConfigMap', 'elasticsearch-config', 'logging').data;
  return container(elasticsearch(objects)).volumeMounts
    .filter((m: any) => m.mountPath.startsWith(`${ELASTICSEARCH_IMAGE.home}/config/jvm.options.d/`) && m.mountPath.endsWith('.options'))
    .flatMap((m: any) => data[m.subPath].split('\n').filter((l: string) => l && !l.startsWith('#')));
}

const sizeLimitMebibytes = (objects: ReturnType<typeof logging>, volume: string) =>
  parseQuantity(elasticsearch(objects).spec.template.spec.volumes.find((v: any) => v.name === volume).emptyDir.sizeLimit) / 2 ** 20;

const settingsOf = (objects: ReturnType<typeof logging>) => parse(find(objects, 'ConfigMap', 'elasticsearch-config', 'logging').data['elasticsearch.yml']);

describe('Elasticsearch', () => {
  test.each([['dev', '-Xms1024m -Xmx1024m', '2Gi'], ['prod', '-Xms4096m -Xmx4096m', '8Gi']])('%s: heap is 50%% of the memory limit, Xms = Xmx', (name, opts, memory) => {
    const es = container(elasticsearch(logging(name as 'dev' | 'prod')));
    expect(env(es, 'ES_JAVA_OPTS').value).toBe(opts);
    expect(es.resources).toEqual({ requests: { cpu: expect.any(String), memory }, limits: { memory } });
  });

  test('a lower heapPercent lowers the heap, never typed twice', () => {
    const input = environmentInput('prod');
    input.logging.elasticsearch.heapPercent = 25;
    expect(env(container(elasticsearch(loggingOf(input))), 'ES_JAVA_OPTS').value).toBe('-Xms2048m -Xmx2048m');
  });

  test('prod: 3 master-eligible nodes discovering each other through the headless Service', () => {
    const objects = logging('prod');
    expect(elasticsearch(objects).spec.replicas).toBe(3);
    expect(settingsOf(objects)).toMatchObject({
      'node.name': '${NODE_NAME}',
      'node.roles': ['master', 'data', 'ingest'],
      'network.host': '0.0.0.0',
      'discovery.seed_hosts': ['elasticsearch-headless'],
      'cluster.initial_master_nodes': ['elasticsearch-0', 'elasticsearch-1', 'elasticsearch-2'],
    });
    expect(env(container(elasticsearch(objects)), 'NODE_NAME').valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
  });

  test('dev: a single node, which must not name initial masters', () => {
    const settings = settingsOf(logging('dev'));
    expect(settings['discovery.type']).toBe('single-node');
    expect(settings).not.toHaveProperty('cluster.initial_master_nodes');
    expect(settings).not.toHaveProperty('discovery.seed_hosts');
  });

  test('headless Service for discovery, client Service on 9200', () => {
    const objects = logging('prod');
    const headless = find(objects, 'Service', 'elasticsearch-headless', 'logging');
    expect(headless.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    expect(headless.spec.ports.map((p: any) => p.port)).toEqual([9200, 9300]);
    expect(elasticsearch(objects).spec.serviceName).toBe('elasticsearch-headless');
    expect(find(objects, 'Service', 'elasticsearch', 'logging').spec.ports).toEqual([{ name: 'http', port: 9200, targetPort: 'http', protocol: 'TCP' }]);
  });

  test('volumeClaimTemplates carry a real quantity and the configured class; claims are retained', () => {
    const input = environmentInput('prod');
    input.logging.elasticsearch.storage = { storageClassName: 'fast-ssd', size: '500Gi' };
    const sts = elasticsearch(loggingOf(input));
    expect(sts.spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'data', labels: { 'app.kubernetes.io/name': 'elasticsearch', 'app.kubernetes.io/instance': 'elasticsearch' } },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast-ssd', resources: { requests: { storage: '500Gi' } } },
    }]);
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(elasticsearch(logging('dev')).spec.volumeClaimTemplates[0].spec).not.toHaveProperty('storageClassName');
  });

  test('StatefulSet behaviour: parallel start, rolling update, grace period, no SA token, no service links', () => {
    const sts = elasticsearch(logging('prod'));
    expect(sts.spec).toMatchObject({ podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate' } });
    expect(sts.spec.template.spec).toMatchObject({ terminationGracePeriodSeconds: 120, enableServiceLinks: false, automountServiceAccountToken: false });
  });

  test('anti-affinity is required in prod and preferred in dev; zones spread in prod', () => {
    const prod = elasticsearch(logging('prod')).spec.template.spec;
    const dev = elasticsearch(logging('dev')).spec.template.spec;
    expect(prod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe('kubernetes.io/hostname');
    expect(prod.affinity.podAntiAffinity).not.toHaveProperty('preferredDuringSchedulingIgnoredDuringExecution');
    expect(dev.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey).toBe('kubernetes.io/hostname');
    expect(dev.affinity.podAntiAffinity).not.toHaveProperty('requiredDuringSchedulingIgnoredDuringExecution');
    expect(prod.topologySpreadConstraints[0]).toMatchObject({ topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' });
    expect(dev).not.toHaveProperty('topologySpreadConstraints');
  });

  test('PodDisruptionBudget (one at a time, a not-ready node only while the others are ready) in prod only', () => {
    const pdb = find(logging('prod'), 'PodDisruptionBudget', 'elasticsearch', 'logging');
    // unhealthyPodEvictionPolicy is now explicit: IfHealthyBudget (the API default) protects a node recovering shards.
    expect(pdb.spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: elasticsearch(logging('prod')).spec.selector.matchLabels },
      unhealthyPodEvictionPolicy: 'IfHealthyBudget',
    });
    expect(ofKind(logging('dev'), 'PodDisruptionBudget')).toEqual([]);
  });

  test('probes: generous startup, readiness that accepts yellow, no liveness', () => {
    const es = container(elasticsearch(logging('dev')));
    expect(es.startupProbe).toEqual({ tcpSocket: { port: 'http' }, periodSeconds: 10, failureThreshold: 30 });
    const readiness = es.readinessProbe.exec.command.join(' ');
    expect(readiness).toContain('wait_for_status=yellow');
    expect(readiness).not.toContain('green');
    expect(readiness).toContain('-u "elastic:$ELASTIC_PASSWORD"');
    expect(es.livenessProbe).toBeUndefined();
    // The probe asks this node, not the Service (which has no endpoints before the first ready pod).
    expect(readiness).toContain('--resolve elasticsearch.logging.svc:9200:127.0.0.1');
  });

  test('restricted security: uid/gid/fsGroup 1000, read-only root with writable emptyDirs', () => {
    const sts = elasticsearch(logging('prod'));
    const pod = sts.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    for (const c of [...pod.initContainers, ...pod.containers]) {
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, runAsNonRoot: true });
    }
    const mounts = Object.fromEntries(container(sts).volumeMounts.map((m: any) => [m.mountPath, m.name]));
    const emptyDirs = pod.volumes.filter((v: any) => v.emptyDir).map((v: any) => v.name);
    // The entrypoint writes the keystore into config/, the JVM writes logs/, ES_TMPDIR is under /tmp.
    for (const dir of ['config', 'logs']) expect(emptyDirs).toContain(mounts[`${ELASTICSEARCH_IMAGE.home}/${dir}`]);
    expect(emptyDirs).toContain(mounts['/tmp']);
    // (plus the snapshot keystore step when S3 snapshots are on: test/logging/snapshots.test.ts)
    expect(pod.initContainers.map((c: any) => c.name).filter((n: string) => n !== 'keystore')).toEqual(['copy-config']);
  });

  test('security on everywhere: elastic password from the Secret; prod adds TLS from a cert-manager Certificate', () => {
    expect(env(container(elasticsearch(logging('dev'))), 'ELASTIC_PASSWORD').valueFrom).toEqual({ secretKeyRef: { name: 'elasticsearch-elastic', key: 'password' } });
    expect(settingsOf(logging('dev'))).toMatchObject({ 'xpack.security.enabled': true, 'xpack.security.http.ssl.enabled': false });
    const prod = logging('prod');
    expect(settingsOf(prod)).toMatchObject({
      'xpack.security.enabled': true,
      'xpack.security.transport.ssl.enabled': true,
      'xpack.security.http.ssl.enabled': true,
      'xpack.security.http.ssl.certificate_authorities': ['/usr/share/elasticsearch/config/certs/ca.crt'],
    });
    const cert = find(prod, 'Certificate', 'elasticsearch-tls', 'logging');
    expect(cert.apiVersion).toBe('cert-manager.io/v1');
    expect(cert.spec).toMatchObject({ secretName: 'elasticsearch-tls', issuerRef: { kind: 'ClusterIssuer', name: 'platform-ca', group: 'cert-manager.io' } });
    expect(cert.spec.dnsNames).toEqual(expect.arrayContaining(['elasticsearch.logging.svc', '*.elasticsearch-headless.logging.svc']));
    expect(elasticsearch(prod).spec.template.spec.volumes).toContainEqual({ name: 'certs', secret: { secretName: 'elasticsearch-tls' } });
    expect(ofKind(logging('dev'), 'Certificate')).toEqual([]);
  });

  describe('the logs volume holds what the JVM writes there (the kubelet evicts past sizeLimit, PDB or not)', () => {
    test.each(['dev', 'prod'] as const)('%s: sizeLimit covers the rendered GC rotation plus error reports', name => {
      const objects = logging(name);
      const gc = effectiveGcLog(jvmOptionsD(objects));
      expect(gc.fileCount).toBeGreaterThan(0);
      // The live file plus fileCount archives.
      const worstCase = (gc.fileCount + 1) * gc.fileSizeMebibytes + ERROR_REPORTS_MEBIBYTES;
      expect(sizeLimitMebibytes(objects, 'logs')).toBeGreaterThanOrEqual(worstCase);
      expect(worstCase).toBe(logsVolumeMebibytes(GC_LOG));
    });

    test('the image\'s default GC logging (32 × 64m) would not fit: it must be replaced, not added to', () => {
      const objects = logging('prod');
      expect(effectiveGcLog([])).toEqual(ELASTICSEARCH_IMAGE.defaultGcLog);
      expect((32 + 1) * 64).toBeGreaterThan(sizeLimitMebibytes(objects, 'logs'));
      // A second -Xlog to the same file without a reset keeps the image's rotation.
      expect(effectiveGcLog(['-Xlog:gc*:file=logs/gc.log:utctime:filecount=2,filesize=1m'])).toEqual(ELASTICSEARCH_IMAGE.defaultGcLog);
      expect(effectiveGcLog(['-Xlog:disable', '-Xlog:gc*:file=logs/gc.log:utctime:filecount=2,filesize=1m'])).toEqual({ fileCount: 2, fileSizeMebibytes: 1 });
    });

    test('the options reset logging, keep JVM warnings on stderr and write the GC log into the logs volume', () => {
      const objects = logging('dev');
      const lines = jvmOptionsD(objects);
      expect(lines.slice(0, 2)).toEqual(['-Xlog:disable', '-Xlog:all=warning:stderr:utctime,level,tags']);
      expect(lines[2]).toMatch(new RegExp(`:file=${ELASTICSEARCH_IMAGE.home}/logs/gc\\.log:`));
      const logsMount = container(elasticsearch(objects)).volumeMounts.find((m: any) => m.name === 'logs');
      expect(logsMount.mountPath).toBe(`${ELASTICSEARCH_IMAGE.home}/logs`);
    });

    test('arithmetic: (archives + live file) × file size + error reports', () => {
      expect(logsVolumeMebibytes({ fileCount: 4, fileSizeMebibytes: 16 })).toBe(5 * 16 + ERROR_REPORTS_MEBIBYTES);
      expect(logsVolumeMebibytes(ELASTICSEARCH_IMAGE.defaultGcLog)).toBeGreaterThan(2048);
    });
  });

  test('GeoIP database downloads are off (egress to geoip.elastic.co is blocked)', () => {
    for (const name of ['dev', 'prod'] as const) expect(settingsOf(logging(name))['ingest.geoip.downloader.enabled']).toBe(false);
  });

  test('image facts: runs as the image\'s uid; sets only variables the entrypoint or elasticsearch.yml reads', () => {
    const objects = logging('prod');
    const pod = elasticsearch(objects).spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsUser: ELASTICSEARCH_IMAGE.uid, fsGroup: ELASTICSEARCH_IMAGE.uid });
    const yml = find(objects, 'ConfigMap', 'elasticsearch-config', 'logging').data['elasticsearch.yml'];
    const readByYml = [...yml.matchAll(/\$\{(\w+)\}/g)].map(m => m[1]);
    expect(readByYml).toEqual(['NODE_NAME']);
    const unread = container(elasticsearch(objects)).env.map((e: any) => e.name)
      .filter((n: string) => !(ELASTICSEARCH_IMAGE.entrypointEnv as readonly string[]).includes(n) && !readByYml.includes(n));
    expect(unread).toEqual([]);
  });

  describe('vm.max_map_count modes', () => {
    test('disableMmap (dev): allow_mmap false, namespace stays restricted', () => {
      expect(settingsOf(logging('dev'))['node.store.allow_mmap']).toBe(false);
    });

    test('preconfigured (prod): no setting, no init container', () => {
      expect(settingsOf(logging('prod'))).not.toHaveProperty('node.store.allow_mmap');
      expect(elasticsearch(logging('prod')).spec.template.spec.initContainers.map((c: any) => c.name)).not.toContain('sysctl');
    });

    test('initContainer: a privileged sysctl init container, and the namespace says why it is privileged', () => {
      const input = environmentInput('prod');
      input.logging.elasticsearch.vmMaxMapCount = 'initContainer';
      const rendered = loggingOf(input);
      const init = elasticsearch(rendered).spec.template.spec.initContainers[0];
      expect(init).toMatchObject({ name: 'sysctl', command: ['sysctl', '-w', 'vm.max_map_count=262144'], securityContext: { privileged: true, runAsUser: 0 } });
      const namespace = find(render(input).objects, 'Namespace', 'logging');
      expect(namespace.metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('privileged');
      expect(namespace.metadata.annotations!['platform.internal/pod-security-reason']).toMatch(/vm\.max_map_count/);
    });
  });

  test('the config-hash annotation follows elasticsearch.yml', () => {
    const hash = (objects: ReturnType<typeof logging>) => elasticsearch(objects).spec.template.metadata.annotations[CONFIG_HASH_ANNOTATION];
    const input = environmentInput('dev');
    input.logging.elasticsearch.vmMaxMapCount = 'preconfigured';
    expect(hash(logging('dev'))).toMatch(/^[0-9a-f]{10}$/);
    expect(hash(loggingOf(input))).not.toBe(hash(logging('dev')));
    expect(hash(loggingOf(environmentInput('dev')))).toBe(hash(logging('dev')));
  });
});
