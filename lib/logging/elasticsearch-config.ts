import { stringify } from 'yaml';
// Types only: config/logging imports this module's heap default.
import type { ElasticsearchRole, VmMaxMapCountMode } from '../config/logging';
import { toMebibytes } from '../core/quantity';

/** Where the image reads its configuration, and where the TLS Secret is mounted below it. */
export const ES_HOME = '/usr/share/elasticsearch';
export const ES_CONFIG_DIR = `${ES_HOME}/config`;
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
  return stringify(settings, { aliasDuplicateObjects: false });
}

function prefixed(prefix: string, values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [prefix + key, value]));
}

/** Heap as a percentage of the memory limit when none is given: the most Lucene's file-system cache leaves. */
export const DEFAULT_HEAP_PERCENT = 50;

/** The heap of one node in MiB: `heapPercent` of its memory limit. */
export function elasticsearchHeapMebibytes(memoryLimit: string, heapPercent: number): number {
  return Math.floor(toMebibytes(memoryLimit) * heapPercent / 100);
}

/** `ES_JAVA_OPTS` for a heap of `mebibytes`: initial = maximum, so the heap never resizes (a bootstrap check in production mode). */
export function javaHeapOptions(mebibytes: number): string {
  return `-Xms${mebibytes}m -Xmx${mebibytes}m`;
}
