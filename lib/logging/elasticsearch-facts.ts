import { toMebibytes } from '../core/quantity';

/**
 * What both the logging config (its schema and checks) and the Elasticsearch construct need to
 * know about Elasticsearch. Dependency-free on purpose: `lib/config` imports it.
 */

/**
 * How Elasticsearch gets past its `vm.max_map_count >= 262144` bootstrap check:
 * - `disableMmap`: `node.store.allow_mmap: false` (no node change, meets `restricted`; slower index reads),
 * - `preconfigured`: the nodes are tuned by the cluster operator (meets `restricted`),
 * - `initContainer`: a privileged init container sets the sysctl (the `logging` namespace becomes `privileged`).
 */
export const VM_MAX_MAP_COUNT_MODES = ['disableMmap', 'preconfigured', 'initContainer'] as const;
export type VmMaxMapCountMode = typeof VM_MAX_MAP_COUNT_MODES[number];

/** Node roles this stack knows; the StatefulSet is the whole cluster, so it always holds `master` and `data`. */
export const ELASTICSEARCH_ROLES = ['master', 'data', 'ingest', 'remote_cluster_client', 'transform', 'ml'] as const;
export type ElasticsearchRole = typeof ELASTICSEARCH_ROLES[number];

/** Heap as a percentage of the memory limit when none is given: the most Lucene's file-system cache leaves. */
export const DEFAULT_HEAP_PERCENT = 50;

/** The heap of one node in MiB: `heapPercent` of its memory limit. */
export function elasticsearchHeapMebibytes(memoryLimit: string, heapPercent: number): number {
  return Math.floor(toMebibytes(memoryLimit) * heapPercent / 100);
}
