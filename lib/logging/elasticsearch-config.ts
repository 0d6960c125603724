import type { ElasticsearchRole, VmMaxMapCountMode } from './elasticsearch-facts';
import { writeYaml } from '../core/write-yaml';

/**
 * How the pinned `docker.elastic.co/elasticsearch/elasticsearch:8.19.x` image behaves, as read in
 * elastic/elasticsearch at v8.19.21. Tests check the render against these facts, so an image change
 * that breaks one of them is a reviewed change.
 */
export const ELASTICSEARCH_IMAGE = {
  /** distribution/docker/src/docker/Dockerfile: `adduser -u 1000`, `USER elasticsearch:root`; uid 1000 owns ES_HOME. */
  uid: 1000,
  /** Dockerfile: WORKDIR, and the directories the image makes writable (`chmod -R ug+w config data logs plugins`). */
  home: '/usr/share/elasticsearch',
  /**
   * distribution/docker/src/docker/bin/docker-entrypoint.sh: ELASTIC_PASSWORD (or _FILE) becomes
   * `bootstrap.password` in config/elasticsearch.keystore, which it creates (so config/ must be
   * writable); ES_JAVA_OPTS is passed on to the launcher; any variable named like a
   * dotted lowercase setting becomes `-E<name>=<value>` (none used here: settings live in elasticsearch.yml).
   */
  entrypointEnv: ['ELASTIC_PASSWORD', 'ELASTIC_PASSWORD_FILE', 'ES_JAVA_OPTS'],
  /**
   * distribution/src/config/jvm.options: the JVM's own files under logs/ — the GC log
   * (`-Xlog:gc*,gc+age=trace,safepoint:file=logs/gc.log:utctime,level,pid,tags:filecount=32,filesize=64m`,
   * about 2 GiB) and fatal error reports (`-XX:ErrorFile=logs/hs_err_pid%p.log`). Heap dumps go to data/.
   * Files in `config/jvm.options.d/*.options` are read after it, so their -Xlog options come later.
   * Nothing else writes there: the Dockerfile generates log4j2.properties with transform-log4j-config,
   * which turns every file appender (server, deprecation, slow and audit logs) into a console one.
   */
  defaultGcLog: { fileCount: 32, fileSizeMebibytes: 64 },
} as const;

/** Where the image reads its configuration, and where the TLS Secret is mounted below it. */
export const ES_HOME = ELASTICSEARCH_IMAGE.home;
export const ES_CONFIG_DIR = `${ES_HOME}/config`;
export const ES_LOGS_DIR = `${ES_HOME}/logs`;
export const ES_CERTS_DIR = `${ES_CONFIG_DIR}/certs`;
/** The CA that signed the node certificates (cert-manager's `ca.crt`). */
export const ES_CA_FILE = `${ES_CERTS_DIR}/ca.crt`;

export interface ElasticsearchSettingsOptions {
  /** `cluster.name`: nodes only join a cluster of the same name. */
  readonly clusterName: string;
  /** Pod names of the StatefulSet: the initial voting configuration of a new cluster. */
  readonly podNames: readonly string[];
  /** Headless Service every node resolves to find the others. */
  readonly seedHost: string;
  /** `node.roles` of every node. */
  readonly roles: readonly ElasticsearchRole[];
  /** `http.port` (clients, probes). */
  readonly httpPort: number;
  /** `transport.port` (node to node). */
  readonly transportPort: number;
  /** `disableMmap` adds `node.store.allow_mmap: false`; the other modes need no setting. */
  readonly vmMaxMapCount: VmMaxMapCountMode;
  /** TLS on transport and HTTP with the PEM files cert-manager writes (tls.crt, tls.key, ca.crt). */
  readonly tls: boolean;
}

/**
 * `elasticsearch.yml`. Every setting is explicit, security included: 8.x security
 * auto-configuration would otherwise try to write certificates into the config directory on first
 * start. `${NODE_NAME}` is resolved by Elasticsearch from the pod's environment.
 */
export function elasticsearchSettings(options: ElasticsearchSettingsOptions): string {
  const singleNode = options.podNames.length === 1;
  const tlsFiles = {
    key: `${ES_CERTS_DIR}/tls.key`,
    certificate: `${ES_CERTS_DIR}/tls.crt`,
    certificate_authorities: [ES_CA_FILE],
  };
  const settings: Record<string, unknown> = {
    'cluster.name': options.clusterName,
    'node.name': '${NODE_NAME}',
    'node.roles': [...options.roles],
    'network.host': '0.0.0.0',
    'http.port': options.httpPort,
    'transport.port': options.transportPort,
    ...(singleNode
      ? { 'discovery.type': 'single-node' }
      : { 'discovery.seed_hosts': [options.seedHost], 'cluster.initial_master_nodes': [...options.podNames] }),
    ...(options.vmMaxMapCount === 'disableMmap' ? { 'node.store.allow_mmap': false } : {}),
    // The only download Elasticsearch 8 starts by itself: GeoIP databases from geoip.elastic.co,
    // which the egress policy blocks (nothing here runs a geoip processor).
    'ingest.geoip.downloader.enabled': false,
    'xpack.security.enabled': true,
    'xpack.security.enrollment.enabled': false,
    'xpack.security.transport.ssl.enabled': options.tls,
    'xpack.security.http.ssl.enabled': options.tls,
    ...(options.tls ? {
      // Nodes reach each other by IP (publish address), so transport checks the CA chain but not host names.
      'xpack.security.transport.ssl.verification_mode': 'certificate',
      ...prefixed('xpack.security.transport.ssl.', tlsFiles),
      ...prefixed('xpack.security.http.ssl.', tlsFiles),
    } : {}),
  };
  // No YAML anchors: repeated values are written out in full.
  return writeYaml(settings);
}

function prefixed(prefix: string, values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [prefix + key, value]));
}

/** `ES_JAVA_OPTS` for a heap of `mebibytes`: initial = maximum, so the heap never resizes (a bootstrap check in production mode). */
export function javaHeapOptions(mebibytes: number): string {
  return `-Xms${mebibytes}m -Xmx${mebibytes}m`;
}

/** Rotation of the GC log: `fileCount` archives of at most `fileSizeMebibytes` each, next to the live file. */
export interface GcLogRotation {
  readonly fileCount: number;
  readonly fileSizeMebibytes: number;
}

/** GC logging kept small enough for the `logs` emptyDir: a few hours of history under load, for diagnosis. */
export const GC_LOG: GcLogRotation = { fileCount: 4, fileSizeMebibytes: 16 };

/**
 * Room for the JVM's fatal error reports (`hs_err_pid*.log`, usually well under 1 MiB each; they do
 * not pile up, as a restarted container's JVM gets the same pid and so the same file name) and for
 * the one log line a GC file may grow past its limit before it rotates.
 */
export const ERROR_REPORTS_MEBIBYTES = 16;

/** The name of the jvm.options.d file that replaces the image's GC logging. */
export const GC_LOG_OPTIONS_FILE = 'gc-logging.options';

/**
 * The jvm.options.d file that replaces the image's GC logging. A second `-Xlog` to the same file
 * cannot change its rotation (the JVM ignores output options for an existing output), so all
 * logging is reset first and JDK's default warnings are restored on stderr, as Elastic's docs show.
 */
export function gcLogOptions(rotation: GcLogRotation = GC_LOG): string {
  return [
    '# Replaces the image\'s GC logging (32 files of 64m) with a rotation the logs volume holds.',
    '-Xlog:disable',
    '-Xlog:all=warning:stderr:utctime,level,tags',
    `-Xlog:gc*,gc+age=trace,safepoint:file=${ES_LOGS_DIR}/gc.log:utctime,level,pid,tags:filecount=${rotation.fileCount},filesize=${rotation.fileSizeMebibytes}m`,
    '',
  ].join('\n');
}

/**
 * Most the JVM can write under logs/ with a GC log rotation, in MiB (the only writer there, see
 * ELASTICSEARCH_IMAGE.defaultGcLog): the live GC file plus `fileCount` archives, plus ERROR_REPORTS_MEBIBYTES.
 * The `logs` emptyDir is sized from this, since the kubelet evicts a pod (PDB or not) that
 * writes past an emptyDir's sizeLimit.
 */
export function logsVolumeMebibytes(rotation: GcLogRotation): number {
  return (rotation.fileCount + 1) * rotation.fileSizeMebibytes + ERROR_REPORTS_MEBIBYTES;
}
