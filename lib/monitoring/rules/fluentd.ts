import { EXPORTER_METRICS, series } from '../exporter-metrics';
import { NAMESPACE } from '../../platform/stack-namespaces';
import { alertRuleGroup } from './alert-rule';

/** The Fluentd pod behind a target: its address is the pod IP. */
const pod = `the Fluentd pod at {{ $labels.instance }} (\`kubectl -n ${NAMESPACE.loggingAgents} get pods -o wide\`)`;

const fluentd = EXPORTER_METRICS.fluentd;
/** The Elasticsearch output (plugin type `elasticsearch`); Fluentd's own logs go to a `null` output. */
const output = 'type="elasticsearch"';
const freeBuffer = series(fluentd, 'fluentd_output_status_buffer_available_space_ratio', output);

const bufferDescription = (free: string): string =>
  `Less than ${free} of the file buffer (total_limit_size, \`logging.fluentd.bufferLimit\`) is free because Elasticsearch accepts logs slower than the node writes them. `
  + 'When it is full Fluentd stops reading container logs (overflow_action block) and files rotated away meanwhile are lost. '
  + `Check Elasticsearch health and the FluentdOutputErrors alert; read the logs of ${pod}.`;

/** Fluentd on every node, from fluent-plugin-prometheus' output monitor. */
export const FLUENTD_RULES = alertRuleGroup('fluentd', [
  {
    alert: 'FluentdBufferNearlyFull',
    expr: `${freeBuffer} < 25`,
    for: '10m',
    severity: 'warning',
    summary: 'Fluentd {{ $labels.instance }} buffer is more than 75% full',
    description: bufferDescription('25%'),
  },
  {
    alert: 'FluentdBufferNearlyFull',
    expr: `${freeBuffer} < 10`,
    for: '5m',
    severity: 'critical',
    summary: 'Fluentd {{ $labels.instance }} buffer is more than 90% full',
    description: bufferDescription('10%'),
  },
  {
    alert: 'FluentdOutputErrors',
    expr: `increase(${series(fluentd, 'fluentd_output_status_num_errors', output)}[10m]) > 0`,
    for: '10m',
    severity: 'warning',
    summary: 'Fluentd {{ $labels.instance }} fails to write to Elasticsearch',
    // num_errors counts whole bulk requests that failed (fluentd output.rb `update_retry_state`); items Elasticsearch
    // refuses inside a successful request (a 400 mapping error) are logged, not counted, and 429s are retried.
    description: 'Bulk requests to Elasticsearch keep failing; the buffer holds the logs and retries. Read the reason in '
      + `the logs of ${pod}: authentication, TLS, an unreachable or overloaded Elasticsearch. Single documents it refuses `
      + '(400 mapping errors) are logged with their reason there, not counted here.',
  },
  {
    alert: 'FluentdRetriesGrowing',
    // Write attempts are counted before the write and rollbacks after a failed one: equal means nothing got through.
    expr: `(increase(${series(fluentd, 'fluentd_output_status_retry_count', output)}[15m]) > 0) `
      + `and (increase(${series(fluentd, 'fluentd_output_status_write_count', output)}[15m]) <= increase(${series(fluentd, 'fluentd_output_status_rollback_count', output)}[15m]))`,
    for: '5m',
    severity: 'critical',
    summary: 'Fluentd {{ $labels.instance }} has written nothing to Elasticsearch for 20 minutes, only retries',
    description: 'Every write fails and retries grow: logs pile up in the buffer until it is full. Fix the cause from the logs of '
      + `${pod}: Elasticsearch down or red, credentials, TLS or the network policy.`,
  },
  {
    alert: 'FluentdNoRecords',
    expr: `increase(${series(fluentd, 'fluentd_output_status_emit_records', output)}[30m]) == 0`,
    for: '5m',
    severity: 'warning',
    summary: 'Fluentd {{ $labels.instance }} has shipped no log records for 35 minutes',
    description: 'No container log line on this node reached the Elasticsearch output. Check that Fluentd tails the files '
      + '(its logs: permission errors, a wrong `logging.fluentd.containerLogFormat`, a stuck position file) '
      + 'and that the node runs pods at all.',
  },
]);
