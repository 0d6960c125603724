import { z } from 'zod';
import { bool, dnsName, image, integer, oneOf, quantity, replicas, resources, storage, strictObject } from './primitives';
import { imageTag } from '../core/image';
import { isQuantity, parseQuantity, quantityOrNaN } from '../core/quantity';
import { DEFAULT_HEAP_PERCENT, ELASTICSEARCH_ROLES, elasticsearchHeapMebibytes, VM_MAX_MAP_COUNT_MODES } from '../logging/elasticsearch-facts';

/** Smallest Elasticsearch heap the checks accept: below it ES 8 spends its time in GC. */
export const MIN_ELASTICSEARCH_HEAP_MIB = 512;
/** Fluentd's file buffer and Ruby heap need this much under load (the former addon's limit). */
export const MIN_FLUENTD_MEMORY = '500Mi';

const elasticsearchSchema = strictObject({
  /** Pinned `docker.elastic.co/elasticsearch/elasticsearch:8.x`; Kibana must use the same version. */
  image,
  /** Master-eligible data nodes (one StatefulSet is the whole cluster). 1 means `discovery.type: single-node`. */
  replicas,
  /** `node.roles`; must include master and data. @default - ElasticsearchProps.roles */
  roles: z.array(oneOf(ELASTICSEARCH_ROLES)).min(1, 'expected at least one node role').optional(),
  /** CPU and memory per node; memory is the limit (and the request unless `memoryRequest` is set), and the heap is derived from it. */
  resources,
  /** Heap as a percentage of the memory limit (Xms = Xmx). At most 50: Lucene needs the rest as file-system cache. @default - ElasticsearchProps.heapPercent */
  heapPercent: integer(1, 100).optional(),
  /** One PersistentVolumeClaim per node, from the StatefulSet's volumeClaimTemplates. */
  storage,
  /** See VM_MAX_MAP_COUNT_MODES. */
  vmMaxMapCount: oneOf(VM_MAX_MAP_COUNT_MODES),
  /** Spread nodes over `topology.kubernetes.io/zone` (best effort). @default false */
  zoneSpread: bool.default(false),
  /**
   * TLS on the transport and HTTP layers. `certManager` needs a CA-type ClusterIssuer (its `ca.crt`
   * is how Kibana, Fluentd and the setup Job verify Elasticsearch).
   */
  tls: z.discriminatedUnion('mode', [
    strictObject({ mode: z.literal('disabled') }),
    strictObject({ mode: z.literal('certManager'), clusterIssuer: dnsName }),
  ], { errorMap: () => ({ message: 'expected { mode: "disabled" } or { mode: "certManager", clusterIssuer }' }) }),
});

const kibanaSchema = strictObject({
  /** Pinned `docker.elastic.co/kibana/kibana`, same version as Elasticsearch. */
  image,
  replicas,
  /** Memory is the limit (and the request unless `memoryRequest` is set); NODE_OPTIONS --max-old-space-size is derived from it. */
  resources,
});

const fluentdSchema = strictObject({
  /** Pinned `fluent/fluentd-kubernetes-daemonset` Elasticsearch 8 image. */
  image,
  /** Memory is the limit (at least 500Mi); `memoryRequest` may be lower, since most nodes need far less. */
  resources,
  /** Node log format: `cri` (containerd, CRI-O) or `json` (Docker json-file). @default - FluentdProps.containerLogFormat */
  containerLogFormat: oneOf(['cri', 'json']).optional(),
  /** Also mount `/var/lib/docker/containers` read-only (Docker nodes only). @default false */
  dockerContainersPath: bool.default(false),
  /** Upper bound of the on-node file buffer (Fluentd blocks input when full). @default - FluentdProps.bufferLimit */
  bufferLimit: quantity.optional(),
});

/** EFK logging stack (Elasticsearch, Fluentd, Kibana). */
export const loggingSchema = strictObject({
  enabled: bool,
  /** Days an index is kept before the lifecycle policy deletes it. */
  retentionDays: integer(1, 3650),
  elasticsearch: elasticsearchSchema,
  kibana: kibanaSchema,
  fluentd: fluentdSchema,
});
export type LoggingConfig = z.output<typeof loggingSchema>;

/** What the logging stack needs from the rest of the environment, for the top-level cross-field checks. */
interface CheckedEnvironment {
  readonly highlyAvailable: boolean;
  readonly logging: LoggingConfig;
}

/**
 * Rules that span fields (or need `highlyAvailable`): called from the environment schema's
 * superRefine so each problem is reported at the path of the field to change.
 */
export function checkLogging(config: CheckedEnvironment, ctx: z.RefinementCtx): void {
  const { logging } = config;
  const es = logging.elasticsearch;
  const at = (...path: (string | number)[]) => ['logging', ...path];

  if (config.highlyAvailable && (es.replicas < 3 || es.replicas % 2 === 0)) {
    ctx.addIssue({
      code: 'custom', path: at('elasticsearch', 'replicas'),
      message: `a highly available environment needs an odd number of at least 3 master-eligible Elasticsearch nodes (a majority survives one loss and votes never tie)`,
    });
  }
  for (const role of ['master', 'data'] as const) {
    if (es.roles && !es.roles.includes(role)) {
      ctx.addIssue({ code: 'custom', path: at('elasticsearch', 'roles'), message: `must include "${role}": this StatefulSet is the whole cluster` });
    }
  }
  const heapPercent = es.heapPercent ?? DEFAULT_HEAP_PERCENT;
  const heap = isQuantity(es.resources.memory) ? elasticsearchHeapMebibytes(es.resources.memory, heapPercent) : NaN;
  if (heapPercent > 50) {
    ctx.addIssue({
      code: 'custom', path: at('elasticsearch', 'heapPercent'),
      message: `heap must be at most 50% of the memory limit (Lucene uses the rest as file-system cache); ${heapPercent}% of ${es.resources.memory} would be ${heap}Mi`,
    });
  }
  if (heap < MIN_ELASTICSEARCH_HEAP_MIB) {
    ctx.addIssue({
      code: 'custom', path: at('elasticsearch', 'resources', 'memory'),
      message: `gives a heap of ${heap}Mi (${heapPercent}%), but Elasticsearch needs at least ${MIN_ELASTICSEARCH_HEAP_MIB}Mi: raise memory`,
    });
  }
  if (es.replicas > 1 && es.tls.mode === 'disabled') {
    ctx.addIssue({
      code: 'custom', path: at('elasticsearch', 'tls'),
      message: 'a multi-node Elasticsearch cluster with security enabled refuses to start without transport TLS; use { mode: "certManager", clusterIssuer }',
    });
  }
  const esTag = imageTag(es.image);
  if (!esTag?.startsWith('8.')) {
    ctx.addIssue({ code: 'custom', path: at('elasticsearch', 'image'), message: 'expected an Elasticsearch 8.x tag (the settings, the Fluentd image and the setup API calls target 8.x)' });
  }
  if (imageTag(logging.kibana.image) !== esTag) {
    ctx.addIssue({
      code: 'custom', path: at('kibana', 'image'),
      message: `Kibana must run the same version as Elasticsearch (${esTag})`,
    });
  }
  if (quantityOrNaN(logging.fluentd.resources.memory) < parseQuantity(MIN_FLUENTD_MEMORY)) {
    ctx.addIssue({
      code: 'custom', path: at('fluentd', 'resources', 'memory'),
      message: `Fluentd needs at least ${MIN_FLUENTD_MEMORY} (file buffer and metadata cache under load)`,
    });
  }
}
