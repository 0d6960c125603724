import { writeYaml } from '../core/write-yaml';

/**
 * What the rendered configuration relies on about the pinned Alertmanager, read in prometheus/alertmanager
 * at tag v0.28.1 (`config/config.go` `Receiver`, `config/notifiers.go` the `*Config` structs and their
 * `UnmarshalYAML`).
 */
export const ALERTMANAGER_FACTS = {
  image: 'quay.io/prometheus/alertmanager:v0.28.1',
  version: '0.28.1',
  /**
   * The receiver keys and fields the renderer writes, each a YAML tag of the pinned version's structs. Teams is
   * `msteamsv2_configs` (Power Automate workflow webhooks, new in 0.28.0): `msteams_configs` (0.26+) posts to
   * Office 365 connectors, which Microsoft retired.
   */
  receiverFields: {
    email_configs: ['send_resolved', 'to', 'from', 'smarthost', 'auth_username', 'auth_password_file', 'require_tls'],
    webhook_configs: ['send_resolved', 'url_file', 'max_alerts'],
    slack_configs: ['send_resolved', 'api_url_file', 'channel'],
    msteamsv2_configs: ['send_resolved', 'webhook_url_file'],
  } as Readonly<Record<string, readonly string[]>>,
  /**
   * The first version with each credential-file field (checked at v0.25.0, v0.26.0, v0.27.0 and v0.28.1): the
   * secret is read from a file at notification time, so the configuration never holds it. Debian's amtool is
   * 0.25.0, which rejects the two newer ones: the tests check those against this list instead.
   */
  credentialFileSince: {
    'email_configs.auth_password_file': '0.25.0',
    'slack_configs.api_url_file': '0.25.0',
    'webhook_configs.url_file': '0.26.0',
    'msteamsv2_configs.webhook_url_file': '0.28.0',
  } as Readonly<Record<string, string>>,
} as const;

/** Email through an SMTP relay. */
export interface EmailReceiver {
  /** Recipient address(es), comma-separated. */
  readonly to: string;
  readonly from: string;
  /** The SMTP relay, `host:port`. */
  readonly smarthost: string;
  /** SMTP user. @default - no SMTP authentication */
  readonly authUsername?: string;
  /** Absolute path of the mounted file holding the SMTP password. @default - no SMTP authentication */
  readonly authPasswordFile?: string;
  /** Require STARTTLS. @default true */
  readonly requireTls?: boolean;
}

/** A generic webhook: Alertmanager POSTs its JSON payload (version 4) to the URL. */
export interface WebhookReceiver {
  /** Absolute path of the mounted file holding the URL (it often carries a token). */
  readonly urlFile: string;
  /** Alerts per message; 0 is all. @default 0 */
  readonly maxAlerts?: number;
}

/** A Slack-style incoming webhook (Slack, Mattermost and other Slack-compatible endpoints). */
export interface SlackReceiver {
  /** Absolute path of the mounted file holding the incoming-webhook URL. */
  readonly apiUrlFile: string;
  /** Channel override (`#name`). @default - the webhook's own channel */
  readonly channel?: string;
}

/** A Microsoft Teams channel, through a Power Automate workflow webhook. */
export interface TeamsReceiver {
  /** Absolute path of the mounted file holding the workflow URL. */
  readonly webhookUrlFile: string;
}

/** A named receiver: every integration listed is notified. */
export interface AlertmanagerReceiver {
  /** The name routes refer to. */
  readonly name: string;
  /** @default - none */
  readonly email?: readonly EmailReceiver[];
  /** @default - none */
  readonly webhook?: readonly WebhookReceiver[];
  /** @default - none */
  readonly slack?: readonly SlackReceiver[];
  /** @default - none */
  readonly teams?: readonly TeamsReceiver[];
  /** Also notify when the alerts resolve. @default true */
  readonly sendResolved?: boolean;
}

/** One label matcher of a route. */
export interface AlertMatcher {
  readonly label: string;
  /** @default '=' */
  readonly op?: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

/** A route below the root: alerts matching every matcher go to its receiver. */
export interface AlertRoute {
  readonly receiver: string;
  readonly matchers: readonly AlertMatcher[];
  /** Keep matching the following sibling routes after this one matched. @default false */
  readonly continue?: boolean;
  /** @default - the parent's */
  readonly repeatInterval?: string;
  /** @default - none */
  readonly routes?: readonly AlertRoute[];
}

/**
 * The labels that identify one target across the platform's rules: a critical alert inhibits the warning
 * of the same alert name only when these are equal (a label missing on both counts as equal).
 */
export const INHIBIT_TARGET_LABELS = [
  'job', 'instance', 'namespace', 'pod', 'node', 'persistentvolumeclaim', 'ingress', 'cluster', 'name', 'mount', 'plugin_id',
] as const;

export interface AlertmanagerConfigProps {
  /** Every receiver routes may name; credentials are file references, never values. */
  readonly receivers: readonly AlertmanagerReceiver[];
  /** The receiver of alerts no route matches. */
  readonly defaultReceiver: string;
  /** @default - everything goes to the default receiver */
  readonly routes?: readonly AlertRoute[];
  /** Labels that make one notification group. @default ['alertname', 'namespace', 'job'] */
  readonly groupBy?: readonly string[];
  /** Wait before the first notification of a new group. @default '30s' */
  readonly groupWait?: string;
  /** Wait before notifying about new alerts of a group already notified. @default '5m' */
  readonly groupInterval?: string;
  /** Wait before repeating a notification still firing. @default '4h' */
  readonly repeatInterval?: string;
  /** Labels a critical and a warning alert must share for the critical one to inhibit the warning. @default INHIBIT_TARGET_LABELS */
  readonly inhibitEqual?: readonly string[];
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const DURATION = /^([0-9]+(ms|s|m|h|d|w|y))+$/;

function matcher(m: AlertMatcher): string {
  return `${m.label}${m.op ?? '='}${JSON.stringify(m.value)}`;
}

function route(r: AlertRoute): Record<string, unknown> {
  return {
    receiver: r.receiver,
    matchers: r.matchers.map(matcher),
    ...(r.continue ? { continue: true } : {}),
    ...(r.repeatInterval ? { repeat_interval: r.repeatInterval } : {}),
    ...(r.routes?.length ? { routes: r.routes.map(route) } : {}),
  };
}

function receiver(r: AlertmanagerReceiver): Record<string, unknown> {
  const send_resolved = r.sendResolved ?? true;
  const configs: Record<string, unknown[]> = {
    email_configs: (r.email ?? []).map(e => ({
      send_resolved, to: e.to, from: e.from, smarthost: e.smarthost,
      ...(e.authUsername ? { auth_username: e.authUsername } : {}),
      ...(e.authPasswordFile ? { auth_password_file: e.authPasswordFile } : {}),
      require_tls: e.requireTls ?? true,
    })),
    webhook_configs: (r.webhook ?? []).map(w => ({ send_resolved, url_file: w.urlFile, max_alerts: w.maxAlerts ?? 0 })),
    slack_configs: (r.slack ?? []).map(s => ({ send_resolved, api_url_file: s.apiUrlFile, ...(s.channel ? { channel: s.channel } : {}) })),
    msteamsv2_configs: (r.teams ?? []).map(t => ({ send_resolved, webhook_url_file: t.webhookUrlFile })),
  };
  return { name: r.name, ...Object.fromEntries(Object.entries(configs).filter(([, list]) => list.length)) };
}

/** Every credential file the configuration reads: the construct mounts each from a declared Secret. */
export function alertmanagerCredentialFiles(props: AlertmanagerConfigProps): string[] {
  return [...new Set(props.receivers.flatMap(r => [
    ...(r.email ?? []).flatMap(e => e.authPasswordFile ? [e.authPasswordFile] : []),
    ...(r.webhook ?? []).map(w => w.urlFile),
    ...(r.slack ?? []).map(s => s.apiUrlFile),
    ...(r.teams ?? []).map(t => t.webhookUrlFile),
  ]))];
}

function validate(props: AlertmanagerConfigProps): void {
  const problems: string[] = [];
  const names = props.receivers.map(r => r.name);
  for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i))) problems.push(`receiver ${name} is declared twice`);
  const known = new Set(names);
  const walk = (routes: readonly AlertRoute[], at: string): void => routes.forEach((r, i) => {
    const where = `${at}[${i}]`;
    if (!known.has(r.receiver)) problems.push(`${where}: unknown receiver ${r.receiver}`);
    if (!r.matchers.length) problems.push(`${where}: a route needs at least one matcher`);
    for (const m of r.matchers) if (!LABEL_NAME.test(m.label)) problems.push(`${where}: invalid label name ${JSON.stringify(m.label)}`);
    if (r.repeatInterval !== undefined && !DURATION.test(r.repeatInterval)) problems.push(`${where}.repeatInterval: not a duration: ${r.repeatInterval}`);
    walk(r.routes ?? [], `${where}.routes`);
  });
  if (!known.has(props.defaultReceiver)) problems.push(`defaultReceiver: unknown receiver ${props.defaultReceiver}`);
  walk(props.routes ?? [], 'routes');
  for (const file of alertmanagerCredentialFiles(props)) if (!file.startsWith('/')) problems.push(`credential file ${file} must be an absolute path`);
  for (const e of props.receivers.flatMap(r => r.email ?? [])) {
    if (!/^[^:\s]+:[0-9]+$/.test(e.smarthost)) problems.push(`email smarthost ${e.smarthost} must be host:port`);
    if (!e.authUsername !== !e.authPasswordFile) problems.push(`email to ${e.to}: authUsername and authPasswordFile go together`);
  }
  for (const [field, value] of Object.entries({ groupWait: props.groupWait, groupInterval: props.groupInterval, repeatInterval: props.repeatInterval })) {
    if (value !== undefined && !DURATION.test(value)) problems.push(`${field}: not a duration: ${value}`);
  }
  for (const label of [...props.groupBy ?? [], ...props.inhibitEqual ?? []]) if (!LABEL_NAME.test(label)) problems.push(`invalid label name ${JSON.stringify(label)}`);
  if (problems.length) throw new Error(`Alertmanager configuration:\n  ${problems.join('\n  ')}`);
}

/**
 * `alertmanager.yml` for {@link ALERTMANAGER_FACTS.version}: typed routes and receivers, credentials only as
 * `*_file` paths, and critical alerts inhibiting the warning of the same alert name for the same target.
 */
export function renderAlertmanagerConfig(props: AlertmanagerConfigProps): string {
  validate(props);
  return writeYaml({
    route: {
      receiver: props.defaultReceiver,
      group_by: [...props.groupBy ?? ['alertname', 'namespace', 'job']],
      group_wait: props.groupWait ?? '30s',
      group_interval: props.groupInterval ?? '5m',
      repeat_interval: props.repeatInterval ?? '4h',
      ...(props.routes?.length ? { routes: props.routes.map(route) } : {}),
    },
    inhibit_rules: [{
      source_matchers: ['severity="critical"'],
      target_matchers: ['severity="warning"'],
      equal: ['alertname', ...props.inhibitEqual ?? INHIBIT_TARGET_LABELS],
    }],
    receivers: props.receivers.map(receiver),
  });
}

