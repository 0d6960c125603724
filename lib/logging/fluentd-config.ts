import { toMebibytes } from '../core/quantity';
import { FLUENTD_IMAGE_FACTS } from './fluentd-image';

/** Where Fluentd ships to, and as whom. */
export interface FluentdOutputOptions {
  /** Elasticsearch URL, e.g. `https://elasticsearch.logging.svc:9200`. */
  readonly url: string;
  /** Writer user (never `elastic`). */
  readonly user: string;
  /** Environment variable holding the writer's password (filled from a Secret). */
  readonly passwordEnv: string;
  /** CA file that verifies Elasticsearch; required for https. @default - none (plain http only) */
  readonly caFile?: string;
  /** Daily indices are `<indexPrefix>-YYYY.MM.DD` (the setup Job's template and lifecycle policy match them). */
  readonly indexPrefix: string;
}

/** The on-node file buffer between the tail input and Elasticsearch. */
export interface FluentdBufferOptions {
  /** Upper bound of the buffer on the node (a quantity); input blocks when it is full. */
  readonly totalLimitSize: string;
}

/**
 * How Fluentd writes, and what the writer role (es-setup.sh) must allow for exactly that: bulk `create`
 * with an id Fluentd generates (`create_doc` permits op_type create, never overwrite), indices and new
 * fields created on the fly by those bulk requests (`auto_configure`), and the output's start-up
 * version check, `GET /` (cluster `monitor`). The output never creates indices or templates itself.
 */
export const ELASTICSEARCH_WRITE = {
  operation: 'create',
  indexPrivileges: ['create_doc', 'auto_configure'],
  clusterPrivileges: ['monitor'],
} as const;

/**
 * Record key holding the generated document id: set by elasticsearch_genid before the buffer, so a
 * retried bulk request re-sends the same ids and Elasticsearch answers 409 (counted as duplicate, not
 * retried) instead of storing the line twice. It stays in the document (mapped, not indexed, by the setup
 * Job): the error handler re-reads `_id` from the record it sent, so removing the key made every failed item
 * vanish unreported (FLUENTD_IMAGE_FACTS.elasticsearchOutput.idKeyMustStay).
 */
export const ELASTICSEARCH_ID_KEY = 'fluentd_id';
const ID_KEY = ELASTICSEARCH_ID_KEY;

/** Size of one bulk request; must stay below Elasticsearch's http.max_content_length (100mb). */
const CHUNK_LIMIT_SIZE = '8Mi';

export interface FluentdConfigOptions {
  /** `cri` for containerd/CRI-O (`<time> <stream> <P|F> <message>`), `json` for Docker's json-file. */
  readonly containerLogFormat: 'cri' | 'json';
  /** Container log globs never read, at least Fluentd's own (it would ship its own output forever). */
  readonly excludePaths: readonly string[];
  /** Host directory for the position file and the buffer: both survive a Fluentd restart. */
  readonly stateDir: string;
  /** Port of the Prometheus endpoint (`/metrics`), also used by the probes. */
  readonly metricsPort: number;
  /** Where logs are shipped. */
  readonly output: FluentdOutputOptions;
  /** The on-node file buffer. */
  readonly buffer: FluentdBufferOptions;
  /** Also ship the API server audit log, to its own indices as its own user. @default - no audit log */
  readonly audit?: FluentdAuditOptions;
}

/** The API server audit log: JSON lines, one event each, on control-plane nodes only. */
export interface FluentdAuditOptions {
  /** The log file; where it does not exist (worker nodes) the tail finds nothing. */
  readonly path: string;
  /** Indices (`<indexPrefix>-YYYY.MM.DD`) and writer, separate from the container logs'. */
  readonly output: FluentdOutputOptions;
}

/** One `<name arg>` section: parameters in order, then nested sections. */
interface Section {
  readonly name: string;
  readonly arg?: string;
  readonly params: readonly (readonly [string, string | number | boolean])[];
  readonly children?: readonly Section[];
}

function section(name: string, arg: string | undefined, params: Section['params'], children?: readonly Section[]): Section {
  return { name, arg, params, children };
}

function renderSection(s: Section, indent = ''): string {
  const inner = `${indent}  `;
  return [
    `${indent}<${s.name}${s.arg ? ` ${s.arg}` : ''}>`,
    ...s.params.map(([key, value]) => `${inner}${key} ${value}`),
    ...(s.children ?? []).map(child => renderSection(child, inner)),
    `${indent}</${s.name}>`,
  ].join('\n');
}

/** A Kubernetes quantity as a Fluentd size (Fluentd's `m` is MiB). */
function fluentSize(quantity: string): string {
  return `${toMebibytes(quantity)}m`;
}

/**
 * Per log format: how a line is parsed, how split lines are joined, and the parser's bookkeeping keys
 * dropped from the document. Both parsers turn the raw `time` string into the event time (which becomes
 * `@timestamp`, to the nanosecond) and drop the string; `stream` (stdout/stderr) stays in every document.
 */
const PARSERS: Record<FluentdConfigOptions['containerLogFormat'], { parse: Section; concat: Section['params']; dropKeys: readonly string[] }> = {
  cri: {
    // parser_cri keeps the raw time string unless told not to (FLUENTD_IMAGE_FACTS.criParser).
    parse: section('parse', undefined, [['@type', 'cri'], ['keep_time_key', false]]),
    // The runtime splits lines over 16 KiB into P(artial) records ended by an F(ull) one. concat uses
    // partial_cri_stream_key only to delete that key from joined records (FLUENTD_IMAGE_FACTS.concat):
    // naming the logtag key, deleted anyway, keeps `stream`.
    concat: [['key', 'message'], ['use_partial_cri_logtag', true], ['partial_cri_logtag_key', 'logtag'], ['partial_cri_stream_key', 'logtag'], ['separator', '""']],
    // A partial line flushed at the timeout still carries its logtag.
    dropKeys: ['logtag'],
  },
  json: {
    parse: section('parse', undefined, [['@type', 'json'], ['time_key', 'time'], ['time_format', '%Y-%m-%dT%H:%M:%S.%NZ']]),
    // Docker splits lines over 16 KiB; only the last piece ends with a newline.
    concat: [['key', 'log'], ['multiline_end_regexp', '/\\n$/'], ['separator', '""']],
    dropKeys: [],
  },
};

const ENRICH_LABEL = '@ENRICH';
const AUDIT_LABEL = '@AUDIT';

/**
 * `fluent.conf` for the node agent: tail container logs (position file on the host), join
 * partial lines, add Kubernetes metadata, ship to Elasticsearch through a file buffer that
 * survives restarts and Elasticsearch outages.
 */
export function renderFluentConf(options: FluentdConfigOptions): string {
  const { output, buffer } = options;
  const url = new URL(output.url);
  const https = url.protocol === 'https:';
  if (https && !output.caFile) throw new Error('Fluentd output: an https Elasticsearch URL needs caFile to verify the server');
  const parser = PARSERS[options.containerLogFormat];
  if (toMebibytes(CHUNK_LIMIT_SIZE) >= toMebibytes(buffer.totalLimitSize)) {
    throw new Error(`Fluentd buffer: totalLimitSize (${buffer.totalLimitSize}) must be larger than one chunk (${CHUNK_LIMIT_SIZE})`);
  }

  const sections: Section[] = [
    // Fluentd's own log events stay in its stdout and are never routed to Elasticsearch.
    section('label', '@FLUENT_LOG', [], [section('match', 'fluent.**', [['@type', 'null']])]),
    section('source', undefined, [['@type', 'prometheus'], ['@id', 'in_prometheus'], ['bind', '0.0.0.0'], ['port', options.metricsPort], ['metrics_path', '/metrics']]),
    section('source', undefined, [['@type', 'prometheus_output_monitor'], ['@id', 'in_prometheus_output_monitor']]),
    section('source', undefined, [
      ['@type', 'tail'],
      ['@id', 'in_tail_container_logs'],
      ['path', '/var/log/containers/*.log'],
      ['exclude_path', JSON.stringify(options.excludePaths)],
      ['pos_file', `${options.stateDir}/containers.log.pos`],
      ['tag', 'kubernetes.*'],
      ['read_from_head', true],
      // Track files by inode so a rotated file is finished, not read twice.
      ['follow_inodes', true],
      ['refresh_interval', 5],
    ], [parser.parse]),
    // One partial-line buffer per file and stream, so interleaved stdout and stderr pieces are never
    // joined; lines still incomplete at the timeout are passed on as they are rather than dropped.
    section('filter', 'kubernetes.**', [
      ['@type', 'concat'], ['@id', 'filter_concat'], ...parser.concat, ['stream_identity_key', 'stream'], ['timeout_label', ENRICH_LABEL],
    ]),
    section('match', 'kubernetes.**', [['@type', 'relabel'], ['@label', ENRICH_LABEL]]),
    section('label', ENRICH_LABEL, [], [
      // Pod name, namespace and container come from the file name; labels from the API server. An API
      // server unreachable at start-up is fatal whatever the options (FLUENTD_IMAGE_FACTS.kubernetesMetadata):
      // `npm run preflight` checks the API server endpoints against the NetworkPolicy CIDRs before apply.
      section('filter', 'kubernetes.**', [['@type', 'kubernetes_metadata'], ['@id', 'filter_kube_metadata']]),
      section('filter', 'kubernetes.**', [['@type', FLUENTD_IMAGE_FACTS.elasticsearchOutput.genidFilter], ['@id', 'filter_es_id'], ['hash_id_key', ID_KEY]]),
      elasticsearchMatch('kubernetes.**', 'out_es', output, `${options.stateDir}/buffer/elasticsearch`, buffer, parser.dropKeys),
    ]),
    ...(options.audit ? auditSections(options.audit, options.stateDir, buffer) : []),
  ];
  return `${sections.map(s => renderSection(s)).join('\n\n')}\n`;
}

/**
 * The audit pipeline, apart from the container logs': its own tail (JSON, event time from
 * `stageTimestamp`), no Kubernetes metadata (the events name their objects), its own indices, user and buffer.
 */
function auditSections(audit: FluentdAuditOptions, stateDir: string, buffer: FluentdBufferOptions): Section[] {
  return [
    section('source', undefined, [
      ['@type', 'tail'],
      ['@id', 'in_tail_audit_log'],
      ['@label', AUDIT_LABEL],
      ['path', audit.path],
      ['pos_file', `${stateDir}/audit.log.pos`],
      ['tag', 'audit'],
      ['read_from_head', true],
      ['follow_inodes', true],
      ['refresh_interval', 5],
    ], [section('parse', undefined, [['@type', 'json'], ['time_key', 'stageTimestamp'], ['time_type', 'string'], ['time_format', '%Y-%m-%dT%H:%M:%S.%NZ'], ['keep_time_key', true]])]),
    section('label', AUDIT_LABEL, [], [
      section('filter', 'audit', [['@type', FLUENTD_IMAGE_FACTS.elasticsearchOutput.genidFilter], ['@id', 'filter_audit_id'], ['hash_id_key', ID_KEY]]),
      elasticsearchMatch('audit', 'out_es_audit', audit.output, `${stateDir}/buffer/audit`, buffer, []),
    ]),
  ];
}

/** The Elasticsearch output of one pipeline, with its file buffer. */
function elasticsearchMatch(pattern: string, id: string, output: FluentdOutputOptions, bufferPath: string, buffer: FluentdBufferOptions, dropKeys: readonly string[]): Section {
  const url = new URL(output.url);
  const https = url.protocol === 'https:';
  return section('match', pattern, [
    ['@type', 'elasticsearch'],
    ['@id', id],
    ['host', url.hostname],
    ['port', Number(url.port || (https ? 443 : 80))],
    ['scheme', https ? 'https' : 'http'],
    ...(https ? [['ssl_verify', true], ['ca_file', output.caFile!]] as const : []),
    ['user', output.user],
    ['password', `"#{ENV['${output.passwordEnv}']}"`],
    ['logstash_format', true],
    ['logstash_prefix', output.indexPrefix],
    ['logstash_dateformat', '%Y.%m.%d'],
    // `create` without an id would be dropped (FLUENTD_IMAGE_FACTS.elasticsearchOutput).
    ['write_operation', ELASTICSEARCH_WRITE.operation],
    ['id_key', ID_KEY],
    ...(dropKeys.length > 0 ? [['remove_keys', dropKeys.join(',')]] as const : []),
    ['suppress_type_name', true],
    // Elasticsearch 8 is known: asking at start (the default) retries for minutes inside `configure`, before the
    // metrics port opens, so a pod restarted during an Elasticsearch outage was killed by its liveness probe.
    ['verify_es_version_at_startup', false],
    ['default_elasticsearch_version', 8],
    // The default also counts es_rejected_execution_exception (a 429: Elasticsearch busy) as unrecoverable, which
    // backs the chunk up instead of retrying it; only running out of memory is hopeless.
    ['unrecoverable_error_types', 'out_of_memory_error'],
    // No `tag` field: it is the full file path, and `kubernetes.*` already names pod, namespace and container.
    // Always talk to the Service: sniffed pod addresses go stale after hours (uken/fluent-plugin-elasticsearch#732).
    ['sniffer_class_name', FLUENTD_IMAGE_FACTS.entrypoint.simpleSnifferClass],
    ['reload_connections', false],
    ['reconnect_on_error', true],
    ['reload_on_failure', true],
    ['request_timeout', '30s'],
    ['log_es_400_reason', true],
  ], [section('buffer', undefined, [
    ['@type', 'file'],
    ['path', bufferPath],
    ['flush_mode', 'interval'],
    ['flush_interval', '5s'],
    ['flush_thread_count', 2],
    ['chunk_limit_size', fluentSize(CHUNK_LIMIT_SIZE)],
    ['total_limit_size', fluentSize(buffer.totalLimitSize)],
    // When Elasticsearch is down long enough to fill the buffer, stop reading (the position file
    // remembers where) instead of throwing logs away.
    ['overflow_action', 'block'],
    ['retry_type', 'exponential_backoff'],
    ['retry_forever', true],
    // Cap of the exponential back-off.
    ['retry_max_interval', '30s'],
  ])]);
}
