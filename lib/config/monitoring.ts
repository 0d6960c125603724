import { z } from 'zod';
import { bool, cidr, dnsLabel, image, integer, oneOf, port, quantity, replicas, resources, storage, strictObject } from './primitives';
import { imageTag } from '../core/image';
import { PROMETHEUS_PLUGIN_PIN } from '../ci/prometheus-plugin-facts';
import { EXPORTER_METRICS } from '../monitoring/exporter-metrics';
import { isQuantity, parseQuantity } from '../core/quantity';

// Prometheus' duration syntax (units largest first, at least one), e.g. "15d", "12h30m".
const DURATION = /^(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;

/** A Prometheus duration such as "30s", "12h" or "15d". */
export const promDuration = z.string({ invalid_type_error: 'expected a Prometheus duration such as "30s", "12h" or "15d"' })
  .regex(DURATION, 'expected a Prometheus duration such as "30s", "12h" or "15d" (units y, w, d, h, m, s, ms, largest first)')
  .refine(value => value !== '' && !/^(0+[a-z]+)+$/.test(value), { message: 'expected a duration above zero, such as "30s"' });

/** Share of the volume `retention.size` defaults to: the WAL and compaction need the rest. */
export const DEFAULT_RETENTION_SIZE_PERCENT = 80;

const prometheusSchema = strictObject({
  /** Pinned `quay.io/prometheus/prometheus`, a v2.x tag: the flags (`--enable-feature=expand-external-labels`) and config are written for 2.x. */
  image,
  /** Identical Prometheus servers scraping the same targets; each has its own volume and `replica` external label. */
  replicas,
  /** Memory is the limit (and the request unless `memoryRequest` is set). */
  resources,
  /** One PersistentVolumeClaim per replica (kept when the StatefulSet is deleted or scaled down). */
  storage,
  retention: strictObject({
    /** `--storage.tsdb.retention.time`: how long samples are kept, e.g. "15d". */
    time: promDuration,
    /** `--storage.tsdb.retention.size` as a quantity; below the volume size. @default - 80% of `storage.size` */
    size: quantity.optional(),
  }),
  /** `global.scrape_interval`. @default '30s' */
  scrapeInterval: promDuration.default('30s'),
});

const text = (what: string) => z.string({ required_error: `required: expected ${what}`, invalid_type_error: `expected ${what}` }).min(1, `expected ${what}`);
const labelName = text('a label name').regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'expected a label name (letters, digits and "_", not starting with a digit)');

/**
 * A notification channel. Credentials are never written here: every URL and SMTP password is a key
 * of the external Secret `alertmanager-<name>` (see docs/monitoring.md for the key names).
 */
const receiverSchema = strictObject({
  /** Routes refer to it; also names its credentials Secret. */
  name: dnsLabel,
  /** Email through an SMTP relay; `authUsername` adds SMTP authentication (password in the Secret). */
  email: z.array(strictObject({
    to: text('recipient address(es)'),
    from: text('a sender address'),
    smarthost: text('the SMTP relay as host:port').regex(/^[^:\s]+:[0-9]+$/, 'expected the SMTP relay as host:port'),
    authUsername: text('an SMTP user name').optional(),
    /** Require STARTTLS. @default true */
    requireTls: bool.optional(),
  })).optional(),
  /** Alertmanager's JSON to a URL (from the Secret). */
  webhook: z.array(strictObject({ maxAlerts: integer(0).optional() })).optional(),
  /** A Slack-style incoming webhook (URL from the Secret). */
  slack: z.array(strictObject({ channel: text('a channel such as "#alerts"').optional() })).optional(),
  /** A Microsoft Teams workflow webhook (URL from the Secret). */
  teams: z.array(strictObject({})).optional(),
  /** @default true */
  sendResolved: bool.optional(),
}, 'receiver field');

const routeSchema = strictObject({
  receiver: dnsLabel,
  matchers: z.array(strictObject({ label: labelName, op: oneOf(['=', '!=', '=~', '!~']).optional(), value: z.string() })).min(1, 'expected at least one matcher'),
  /** Keep matching the following routes. @default false */
  continue: bool.optional(),
});

const alertmanagerSchema = strictObject({
  /** Pinned `quay.io/prometheus/alertmanager`. */
  image,
  /** Peers of one gossip cluster (notifications are deduplicated between them). */
  replicas,
  resources,
  /** Silences and the notification log, per peer. */
  storage,
  /** Notification channels. @default - none: alerts are only visible in Alertmanager */
  receivers: z.array(receiverSchema).default([]),
  /** Where alerts go by label, first match wins. @default - everything to `defaultReceiver` */
  routes: z.array(routeSchema).default([]),
  /** The receiver of alerts no route takes; required with receivers. */
  defaultReceiver: dnsLabel.optional(),
  /** Where the receivers are (SMTP relay, webhook hosts): Alertmanager's egress policy allows exactly these. @default - none */
  egress: z.array(strictObject({ name: dnsLabel, cidrs: z.array(cidr).min(1, 'expected at least one CIDR'), ports: z.array(port).min(1, 'expected at least one port') })).default([]),
});

/**
 * One Grafana pod: data sources and dashboards are provisioned from files, and its SQLite database
 * (users' sessions, ad-hoc edits) is per pod, so a second replica would log users out at random.
 */
const grafanaSchema = strictObject({
  /** Pinned `docker.io/grafana/grafana`. */
  image,
  resources,
});

const agentSchema = strictObject({ image, resources });

/** Metrics and alerting: Prometheus, Alertmanager, Grafana, node-exporter and kube-state-metrics. */
export const monitoringSchema = strictObject({
  enabled: bool,
  /**
   * Where the nodes' own addresses are: Prometheus scrapes the kubelet (10250) and node-exporter
   * (9100, host network) there, so its egress policy needs these CIDRs.
   */
  nodeCidrs: z.array(cidr).min(1, 'expected at least one node CIDR'),
  prometheus: prometheusSchema,
  alertmanager: alertmanagerSchema,
  grafana: grafanaSchema,
  /** Pinned `quay.io/prometheus/node-exporter`, one pod per node. */
  nodeExporter: agentSchema,
  /** Pinned `registry.k8s.io/kube-state-metrics/kube-state-metrics`. */
  kubeStateMetrics: agentSchema,
  /**
   * Pinned `quay.io/prometheuscommunity/elasticsearch-exporter`, one pod in `logging` (only with the logging
   * stack): at the version the Elasticsearch rules were written against (EXPORTER_METRICS).
   */
  elasticsearchExporter: agentSchema,
  /** Pinned `docker.io/nginx/nginx-prometheus-exporter`: the metrics sidecar of every `nginx-static` app. */
  nginxExporter: agentSchema,
});
export type MonitoringConfig = z.output<typeof monitoringSchema>;

/** `retention.size`, or its default share of the volume. */
export function retentionSize(prometheus: MonitoringConfig['prometheus']): string {
  if (prometheus.retention.size) return prometheus.retention.size;
  return `${Math.floor(parseQuantity(prometheus.storage.size) * DEFAULT_RETENTION_SIZE_PERCENT / 100)}`;
}

interface CheckedEnvironment {
  readonly highlyAvailable: boolean;
  readonly monitoring: MonitoringConfig;
  readonly ci: { readonly enabled: boolean; readonly plugins: { readonly install: string; readonly pins?: readonly string[] } };
}

/** Cross-field rules, reported at the path of the field to change. */
export function checkMonitoring(config: CheckedEnvironment, ctx: z.RefinementCtx): void {
  const { monitoring } = config;
  const at = (...path: (string | number)[]) => ['monitoring', ...path];
  const prom = monitoring.prometheus;
  if (config.highlyAvailable && prom.replicas < 2) {
    ctx.addIssue({ code: 'custom', path: at('prometheus', 'replicas'), message: 'a highly available environment needs at least 2 Prometheus replicas (an HA pair scraping the same targets)' });
  }
  if (config.highlyAvailable && monitoring.alertmanager.replicas < 3) {
    ctx.addIssue({ code: 'custom', path: at('alertmanager', 'replicas'), message: 'a highly available environment needs at least 3 Alertmanager peers (one loss still leaves a cluster that deduplicates)' });
  }
  const exporterTag = EXPORTER_METRICS.elasticsearch.sources[0].tag;
  if (imageTag(monitoring.elasticsearchExporter.image) !== exporterTag) {
    ctx.addIssue({ code: 'custom', path: at('elasticsearchExporter', 'image'), message: `expected the elasticsearch-exporter tag ${exporterTag}: the Elasticsearch alert rules and dashboards use the metric names of that version (lib/monitoring/exporter-metrics.ts)` });
  }
  // Jenkins is scraped through its prometheus plugin, at the version the Jenkins rules were written against.
  const { ci } = config;
  if (monitoring.enabled && ci.enabled && ci.plugins.install === 'initContainer' && !ci.plugins.pins?.includes(PROMETHEUS_PLUGIN_PIN)) {
    ctx.addIssue({ code: 'custom', path: ['ci', 'plugins', 'pins'], message: `expected "${PROMETHEUS_PLUGIN_PIN}" with monitoring enabled: Prometheus scrapes Jenkins through that plugin, and the Jenkins alert rules use its metric names` });
  }
  if (!imageTag(prom.image)?.startsWith('v2.')) {
    ctx.addIssue({ code: 'custom', path: at('prometheus', 'image'), message: 'expected a Prometheus v2.x tag: the rendered flags and config are written and validated for 2.x (3.x changed defaults, e.g. UTF-8 names and external label expansion)' });
  }
  const am = monitoring.alertmanager;
  const receivers = new Set(am.receivers.map(r => r.name));
  am.receivers.forEach((r, i) => {
    if (am.receivers.findIndex(o => o.name === r.name) !== i) ctx.addIssue({ code: 'custom', path: at('alertmanager', 'receivers', i, 'name'), message: `duplicate receiver "${r.name}"` });
  });
  if (am.receivers.length && !am.defaultReceiver) {
    ctx.addIssue({ code: 'custom', path: at('alertmanager', 'defaultReceiver'), message: 'required with receivers: the receiver of alerts no route takes' });
  }
  if (am.defaultReceiver && !receivers.has(am.defaultReceiver)) {
    ctx.addIssue({ code: 'custom', path: at('alertmanager', 'defaultReceiver'), message: `expected one of the receivers (${[...receivers].join(', ') || 'none declared'})` });
  }
  am.routes.forEach((r, i) => {
    if (!receivers.has(r.receiver)) ctx.addIssue({ code: 'custom', path: at('alertmanager', 'routes', i, 'receiver'), message: `expected one of the receivers (${[...receivers].join(', ') || 'none declared'})` });
  });
  const notifies = am.receivers.some(r => [r.email, r.webhook, r.slack, r.teams].some(list => list?.length));
  if (notifies && !am.egress.length) {
    ctx.addIssue({ code: 'custom', path: at('alertmanager', 'egress'), message: 'receivers send notifications, but no destination is allowed: list the SMTP relay and webhook hosts (default-deny blocks everything else)' });
  }
  const size = prom.retention.size;
  if (size && isQuantity(size) && isQuantity(prom.storage.size) && parseQuantity(size) >= parseQuantity(prom.storage.size)) {
    ctx.addIssue({ code: 'custom', path: at('prometheus', 'retention', 'size'), message: `expected less than the volume (${prom.storage.size}): the WAL and compaction need room beyond the retained blocks` });
  }
}
