import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { find, KubeObject, ofKind } from '../support/render';
import { container, elasticsearch, elasticsearchIn, env, minimalElasticsearch, synthOf } from './support';
import { CONFIG_HASH_ANNOTATION } from '../../lib/core/platform-keys';
import { parseQuantity } from '../../lib/core/quantity';
import { Elasticsearch, ElasticsearchProps, elasticsearchPodSecurity, VM_MAX_MAP_COUNT } from '../../lib/logging/elasticsearch';
import { ELASTICSEARCH_IMAGE, ERROR_REPORTS_MEBIBYTES, GC_LOG, logsVolumeMebibytes } from '../../lib/logging/elasticsearch-config';

const ISSUER = { kind: 'ClusterIssuer' as const, name: 'platform-ca' };

/** The objects of one Elasticsearch construct with `props` over the minimal ones. */
const objectsOf = (props: Partial<ElasticsearchProps> = {}) => synthOf(chart => elasticsearchIn(chart, props));
const statefulSetOf = (props: Partial<ElasticsearchProps> = {}) => elasticsearch(objectsOf(props));
const settingsOf = (objects: KubeObject[]) => parse(find(objects, 'ConfigMap', 'elasticsearch-config', 'logging').data['elasticsearch.yml']);

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
function jvmOptionsD(objects: KubeObject[]): string[] {
  const data = find(objects, 'ConfigMap', 'elasticsearch-config', 'logging').data;
  return container(elasticsearch(objects)).volumeMounts
    .filter((m: any) => m.mountPath.startsWith(`${ELASTICSEARCH_IMAGE.home}/config/jvm.options.d/`) && m.mountPath.endsWith('.options'))
    .flatMap((m: any) => data[m.subPath].split('\n').filter((l: string) => l && !l.startsWith('#')));
}

/** The sizeLimit of an emptyDir of the pod, in MiB. */
const sizeLimitMebibytes = (sts: KubeObject, volume: string) =>
  parseQuantity(sts.spec.template.spec.volumes.find((v: any) => v.name === volume).emptyDir.sizeLimit) / 2 ** 20;

describe('Elasticsearch defaults (minimal props)', () => {
  const objects = objectsOf();
  const sts = elasticsearch(objects);
  const pod = sts.spec.template.spec;
  const es = container(sts);

  test('one node named elasticsearch, cluster "logging", roles master/data/ingest, single-node discovery', () => {
    expect(sts.spec.replicas).toBe(1);
    expect(settingsOf(objects)).toMatchObject({
      'cluster.name': 'logging', 'node.name': '${NODE_NAME}', 'node.roles': ['master', 'data', 'ingest'],
      'network.host': '0.0.0.0', 'discovery.type': 'single-node',
    });
    expect(settingsOf(objects)).not.toHaveProperty('cluster.initial_master_nodes');
    expect(settingsOf(objects)).not.toHaveProperty('discovery.seed_hosts');
    expect(env(es, 'NODE_NAME').valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
  });

  test('heap is 50% of the memory limit, Xms = Xmx; memory requested in full', () => {
    expect(env(es, 'ES_JAVA_OPTS').value).toBe('-Xms1024m -Xmx1024m');
    expect(es.resources).toEqual({ requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '2Gi' } });
  });

  test('headless Service for discovery (not-ready addresses published), client Service on 9200', () => {
    const headless = find(objects, 'Service', 'elasticsearch-headless', 'logging');
    expect(headless.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    expect(headless.spec.ports.map((p: any) => p.port)).toEqual([9200, 9300]);
    expect(sts.spec.serviceName).toBe('elasticsearch-headless');
    expect(find(objects, 'Service', 'elasticsearch', 'logging').spec.ports).toEqual([{ name: 'http', port: 9200, targetPort: 'http', protocol: 'TCP' }]);
  });

  test('a claim per node of the requested size, default class, retained on delete and scale-down', () => {
    expect(sts.spec.volumeClaimTemplates).toEqual([{
      apiVersion: 'v1', kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', labels: sts.spec.selector.matchLabels },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
    }]);
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
  });

  test('parallel start, rolling update, 120 s grace, no SA token, no service links', () => {
    expect(sts.spec).toMatchObject({ podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate' } });
    expect(pod).toMatchObject({ terminationGracePeriodSeconds: 120, enableServiceLinks: false, automountServiceAccountToken: false });
  });

  test('preferred hostname anti-affinity, no zone spread, no PDB for one node', () => {
    expect(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey).toBe('kubernetes.io/hostname');
    expect(pod.affinity.podAntiAffinity).not.toHaveProperty('requiredDuringSchedulingIgnoredDuringExecution');
    expect(pod).not.toHaveProperty('topologySpreadConstraints');
    expect(ofKind(objects, 'PodDisruptionBudget')).toEqual([]);
  });

  test('probes: generous startup, readiness on this node that accepts yellow for one node, no liveness', () => {
    expect(es.startupProbe).toEqual({ tcpSocket: { port: 'http' }, periodSeconds: 10, failureThreshold: 30 });
    const readiness = es.readinessProbe.exec.command.join(' ');
    expect(readiness).toContain('wait_for_status=yellow');
    expect(readiness).not.toContain('green');
    // The first-ready marker belongs to this container start: /tmp (an emptyDir) outlives a restart.
    expect(readiness).toContain('marker="/tmp/.es-ready-$(cut -d" " -f22 /proc/1/stat)"');
    expect(readiness).toContain('touch "$marker"');
    expect(readiness).toContain('-u "elastic:$ELASTIC_PASSWORD"');
    expect(es.livenessProbe).toBeUndefined();
    // The probe asks this node, not the Service (which has no endpoints before the first ready pod).
    expect(readiness).toContain('--resolve elasticsearch.logging.svc:9200:127.0.0.1');
  });

  test('restricted as the image user (uid/gid/fsGroup), read-only root with the writable paths as emptyDirs', () => {
    expect(pod.securityContext).toMatchObject({ runAsUser: ELASTICSEARCH_IMAGE.uid, runAsGroup: ELASTICSEARCH_IMAGE.uid, fsGroup: ELASTICSEARCH_IMAGE.uid, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    for (const c of [...pod.initContainers, ...pod.containers]) {
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, runAsNonRoot: true });
    }
    const mounts = Object.fromEntries(es.volumeMounts.map((m: any) => [m.mountPath, m.name]));
    const emptyDirs = pod.volumes.filter((v: any) => v.emptyDir).map((v: any) => v.name);
    // The entrypoint writes the keystore into config/, the JVM writes logs/, ES_TMPDIR is under /tmp.
    for (const dir of ['config', 'logs']) expect(emptyDirs).toContain(mounts[`${ELASTICSEARCH_IMAGE.home}/${dir}`]);
    expect(emptyDirs).toContain(mounts['/tmp']);
  });

  test('the config directory is the image\'s, copied into the emptyDir before the node starts', () => {
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['copy-config']);
    const copy = pod.initContainers[0];
    expect(copy.command).toEqual(['cp', '-a', `${ELASTICSEARCH_IMAGE.home}/config/.`, '/mnt/config/']);
    expect(copy.volumeMounts).toEqual([{ name: 'config', mountPath: '/mnt/config' }]);
    expect(es.volumeMounts).toContainEqual({ name: 'config', mountPath: `${ELASTICSEARCH_IMAGE.home}/config` });
  });

  test('security on without TLS: plain http, the elastic password from its Secret, no Certificate', () => {
    expect(env(es, 'ELASTIC_PASSWORD').valueFrom).toEqual({ secretKeyRef: { name: 'elasticsearch-elastic', key: 'password' } });
    expect(settingsOf(objects)).toMatchObject({ 'xpack.security.enabled': true, 'xpack.security.transport.ssl.enabled': false, 'xpack.security.http.ssl.enabled': false });
    expect(ofKind(objects, 'Certificate')).toEqual([]);
    expect(pod.volumes.map((v: any) => v.name)).not.toContain('certs');
  });

  test('GeoIP database downloads are off (egress to geoip.elastic.co is blocked)', () => {
    expect(settingsOf(objects)['ingest.geoip.downloader.enabled']).toBe(false);
  });

  test('the config-hash annotation follows elasticsearch.yml', () => {
    const hash = sts.spec.template.metadata.annotations[CONFIG_HASH_ANNOTATION];
    expect(hash).toMatch(/^[0-9a-f]{10}$/);
    expect(statefulSetOf().spec.template.metadata.annotations[CONFIG_HASH_ANNOTATION]).toBe(hash);
    expect(statefulSetOf({ clusterName: 'other' }).spec.template.metadata.annotations[CONFIG_HASH_ANNOTATION]).not.toBe(hash);
  });
});

describe('Elasticsearch overrides', () => {
  test('name: StatefulSet, Services, ConfigMap and pods follow it', () => {
    const objects = objectsOf({ name: 'search', replicas: 3 });
    // Several nodes: a node becomes ready only once the cluster is green, so a rolling restart waits for the replicas.
    expect(container(ofKind(objects, 'StatefulSet')[0]).readinessProbe.exec.command.join(' ')).toContain('wait_for_status=green');
    const sts = find(objects, 'StatefulSet', 'search', 'logging');
    expect(find(objects, 'Service', 'search-headless', 'logging').spec.clusterIP).toBe('None');
    expect(parse(find(objects, 'ConfigMap', 'search-config', 'logging').data['elasticsearch.yml'])['cluster.initial_master_nodes']).toEqual(['search-0', 'search-1', 'search-2']);
    expect(sts.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'elasticsearch', 'app.kubernetes.io/instance': 'search' });
  });

  test('replicas > 1: discovery through the headless Service, every pod an initial master, a PDB by default', () => {
    const objects = objectsOf({ replicas: 3, tlsIssuer: ISSUER });
    expect(elasticsearch(objects).spec.replicas).toBe(3);
    expect(settingsOf(objects)).toMatchObject({
      'discovery.seed_hosts': ['elasticsearch-headless'],
      'cluster.initial_master_nodes': ['elasticsearch-0', 'elasticsearch-1', 'elasticsearch-2'],
    });
    expect(settingsOf(objects)).not.toHaveProperty('discovery.type');
    // unhealthyPodEvictionPolicy explicit: IfHealthyBudget (the API default) protects a node recovering shards.
    expect(find(objects, 'PodDisruptionBudget', 'elasticsearch', 'logging').spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: elasticsearch(objects).spec.selector.matchLabels },
      unhealthyPodEvictionPolicy: 'IfHealthyBudget',
    });
  });

  test('disruptionBudget overrides the replica rule both ways', () => {
    expect(ofKind(objectsOf({ replicas: 3, tlsIssuer: ISSUER, disruptionBudget: false }), 'PodDisruptionBudget')).toEqual([]);
    expect(ofKind(objectsOf({ disruptionBudget: true }), 'PodDisruptionBudget')).toHaveLength(1);
  });

  test('clusterName and roles', () => {
    expect(settingsOf(objectsOf({ clusterName: 'audit', roles: ['master', 'data'] }))).toMatchObject({ 'cluster.name': 'audit', 'node.roles': ['master', 'data'] });
  });

  test('heapPercent lowers the heap, never typed twice', () => {
    expect(env(container(statefulSetOf({ heapPercent: 25 })), 'ES_JAVA_OPTS').value).toBe('-Xms512m -Xmx512m');
  });

  test('memoryRequest and cpuLimit reach the container', () => {
    expect(container(statefulSetOf({ resources: { cpu: '1', memory: '4Gi', memoryRequest: '3Gi', cpuLimit: '2' } })).resources)
      .toEqual({ requests: { cpu: '1', memory: '3Gi' }, limits: { cpu: '2', memory: '4Gi' } });
  });

  test('storage class', () => {
    expect(statefulSetOf({ storage: { storageClassName: 'fast-ssd', size: '500Gi' } }).spec.volumeClaimTemplates[0].spec)
      .toMatchObject({ storageClassName: 'fast-ssd', resources: { requests: { storage: '500Gi' } } });
  });

  test('required anti-affinity and zone spread', () => {
    const pod = statefulSetOf({ antiAffinity: 'required', zoneSpread: true }).spec.template.spec;
    expect(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe('kubernetes.io/hostname');
    expect(pod.affinity.podAntiAffinity).not.toHaveProperty('preferredDuringSchedulingIgnoredDuringExecution');
    expect(pod.topologySpreadConstraints[0]).toMatchObject({ topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' });
  });

  test('tlsIssuer: TLS on both layers from a cert-manager Certificate for every name clients and nodes use', () => {
    const objects = objectsOf({ tlsIssuer: ISSUER });
    expect(settingsOf(objects)).toMatchObject({
      'xpack.security.transport.ssl.enabled': true,
      'xpack.security.http.ssl.enabled': true,
      'xpack.security.transport.ssl.verification_mode': 'certificate',
      'xpack.security.http.ssl.certificate_authorities': [`${ELASTICSEARCH_IMAGE.home}/config/certs/ca.crt`],
    });
    const cert = find(objects, 'Certificate', 'elasticsearch-tls', 'logging');
    expect(cert.spec).toMatchObject({ secretName: 'elasticsearch-tls', issuerRef: { kind: 'ClusterIssuer', name: 'platform-ca', group: 'cert-manager.io' } });
    expect(cert.spec.dnsNames).toEqual(expect.arrayContaining(['elasticsearch.logging.svc', '*.elasticsearch-headless.logging.svc']));
    const sts = elasticsearch(objects);
    expect(sts.spec.template.spec.volumes).toContainEqual({ name: 'certs', secret: { secretName: 'elasticsearch-tls' } });
    expect(container(sts).readinessProbe.exec.command.join(' ')).toContain(`--cacert ${ELASTICSEARCH_IMAGE.home}/config/certs/ca.crt`);
  });

  test('url, caSecretName and heapMebibytes for the clients', () => {
    const chart = Testing.chart();
    expect(elasticsearchIn(chart)).toMatchObject({ url: 'http://elasticsearch.logging.svc:9200', caSecretName: undefined, heapMebibytes: 1024 });
    expect(new Elasticsearch(chart, 'tls', { ...minimalElasticsearch, name: 'secure', tlsIssuer: ISSUER }))
      .toMatchObject({ url: 'https://secure.logging.svc:9200', caSecretName: 'secure-tls' });
  });
});

describe('vm.max_map_count modes', () => {
  test('preconfigured: no setting, no init container, restricted namespace', () => {
    const objects = objectsOf({ vmMaxMapCount: 'preconfigured' });
    expect(settingsOf(objects)).not.toHaveProperty('node.store.allow_mmap');
    expect(elasticsearch(objects).spec.template.spec.initContainers.map((c: any) => c.name)).toEqual(['copy-config']);
    expect(elasticsearchPodSecurity('preconfigured')).toEqual({ level: 'restricted' });
  });

  test('disableMmap: allow_mmap false, restricted namespace', () => {
    expect(settingsOf(objectsOf({ vmMaxMapCount: 'disableMmap' }))['node.store.allow_mmap']).toBe(false);
    expect(elasticsearchPodSecurity('disableMmap')).toEqual({ level: 'restricted' });
  });

  test('initContainer: a privileged sysctl init container first, and a privileged namespace with the reason', () => {
    const pod = statefulSetOf({ vmMaxMapCount: 'initContainer' }).spec.template.spec;
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['sysctl', 'copy-config']);
    expect(pod.initContainers[0]).toMatchObject({
      name: 'sysctl', command: ['sysctl', '-w', `vm.max_map_count=${VM_MAX_MAP_COUNT}`],
      securityContext: { privileged: true, runAsUser: 0, runAsNonRoot: false },
    });
    expect(elasticsearchPodSecurity('initContainer')).toEqual({ level: 'privileged', reason: expect.stringMatching(/vm\.max_map_count=262144/) });
  });
});

describe('the logs volume holds what the JVM writes there (the kubelet evicts past sizeLimit, PDB or not)', () => {
  const objects = objectsOf();

  test('sizeLimit covers the rendered GC rotation plus error reports', () => {
    const gc = effectiveGcLog(jvmOptionsD(objects));
    expect(gc.fileCount).toBeGreaterThan(0);
    // The live file plus fileCount archives.
    const worstCase = (gc.fileCount + 1) * gc.fileSizeMebibytes + ERROR_REPORTS_MEBIBYTES;
    expect(sizeLimitMebibytes(elasticsearch(objects), 'logs')).toBeGreaterThanOrEqual(worstCase);
    expect(worstCase).toBe(logsVolumeMebibytes(GC_LOG));
  });

  test('the image\'s default GC logging (32 × 64m) would not fit: it must be replaced, not added to', () => {
    expect(effectiveGcLog([])).toEqual(ELASTICSEARCH_IMAGE.defaultGcLog);
    expect((32 + 1) * 64).toBeGreaterThan(sizeLimitMebibytes(elasticsearch(objects), 'logs'));
    // A second -Xlog to the same file without a reset keeps the image's rotation.
    expect(effectiveGcLog(['-Xlog:gc*:file=logs/gc.log:utctime:filecount=2,filesize=1m'])).toEqual(ELASTICSEARCH_IMAGE.defaultGcLog);
    expect(effectiveGcLog(['-Xlog:disable', '-Xlog:gc*:file=logs/gc.log:utctime:filecount=2,filesize=1m'])).toEqual({ fileCount: 2, fileSizeMebibytes: 1 });
  });

  test('the options reset logging, keep JVM warnings on stderr and write the GC log into the logs volume', () => {
    const lines = jvmOptionsD(objects);
    expect(lines.slice(0, 2)).toEqual(['-Xlog:disable', '-Xlog:all=warning:stderr:utctime,level,tags']);
    expect(lines[2]).toMatch(new RegExp(`:file=${ELASTICSEARCH_IMAGE.home}/logs/gc\\.log:`));
    const logsMount = container(elasticsearch(objects)).volumeMounts.find((m: any) => m.name === 'logs');
    expect(logsMount.mountPath).toBe(`${ELASTICSEARCH_IMAGE.home}/logs`);
  });
});

/** Variables of the container that neither the image's entrypoint nor elasticsearch.yml reads: silently ignored. */
const unreadEnv = (names: string[], readByYml: string[]) =>
  names.filter(n => !(ELASTICSEARCH_IMAGE.entrypointEnv as readonly string[]).includes(n) && !readByYml.includes(n));

test('image facts: runs as the image\'s uid; sets only variables the entrypoint or elasticsearch.yml reads', () => {
  const objects = objectsOf({ tlsIssuer: ISSUER });
  const pod = elasticsearch(objects).spec.template.spec;
  expect(pod.securityContext).toMatchObject({ runAsUser: ELASTICSEARCH_IMAGE.uid, fsGroup: ELASTICSEARCH_IMAGE.uid });
  const yml = find(objects, 'ConfigMap', 'elasticsearch-config', 'logging').data['elasticsearch.yml'];
  const readByYml = [...yml.matchAll(/\$\{(\w+)\}/g)].map(m => m[1]);
  expect(readByYml).toEqual(['NODE_NAME']);
  expect(unreadEnv(container(elasticsearch(objects)).env.map((e: any) => e.name), readByYml)).toEqual([]);
  expect(unreadEnv(['ES_HEAP_SIZE', 'ES_JAVA_OPTS', 'NODE_NAME'], readByYml)).toEqual(['ES_HEAP_SIZE']);
});
