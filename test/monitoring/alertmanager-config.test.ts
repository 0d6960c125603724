import * as path from 'path';
import { parse, stringify } from 'yaml';
import {
  ALERTMANAGER_FACTS, AlertmanagerConfigProps, INHIBIT_TARGET_LABELS, alertmanagerCredentialFiles, renderAlertmanagerConfig,
} from '../../lib/monitoring/alertmanager-config';
import { ALERT_RULE_GROUPS } from '../../lib/monitoring/rules';
import { ALERT_CASES } from './alert-cases';
import { run, withFiles } from './tools';

const SECRETS = '/etc/alertmanager/secrets';

/** Every receiver kind, and routes: critical to the on-call chat (Slack, then Teams), the apps namespace to its team's webhook. */
const props: AlertmanagerConfigProps = {
  defaultReceiver: 'platform-email',
  receivers: [
    {
      name: 'platform-email',
      email: [{ to: 'platform@example.com', from: 'alertmanager@example.com', smarthost: 'smtp.example.com:587', authUsername: 'alertmanager', authPasswordFile: `${SECRETS}/smtp/password` }],
    },
    { name: 'oncall-slack', slack: [{ apiUrlFile: `${SECRETS}/slack/url`, channel: '#oncall' }] },
    { name: 'oncall-teams', teams: [{ webhookUrlFile: `${SECRETS}/teams/url` }] },
    { name: 'apps-webhook', webhook: [{ urlFile: `${SECRETS}/apps-webhook/url` }], sendResolved: false },
  ],
  routes: [
    { receiver: 'oncall-slack', matchers: [{ label: 'severity', value: 'critical' }], continue: true },
    { receiver: 'oncall-teams', matchers: [{ label: 'severity', value: 'critical' }] },
    { receiver: 'apps-webhook', matchers: [{ label: 'namespace', op: '=~', value: 'apps|apps-.*' }] },
  ],
};
const rendered = renderAlertmanagerConfig(props);
const config = parse(rendered) as Record<string, any>;

/**
 * The configuration as Debian's amtool 0.25 can read it: the two credential-file integrations 0.25 does not
 * know (webhook `url_file` and `msteamsv2_configs`, ALERTMANAGER_FACTS.credentialFileSince) become webhooks to
 * a placeholder URL. Routes, inhibition, matchers, email and Slack are checked as rendered; the replaced
 * fields are checked against the pinned version's field list below.
 */
function forAmtool025(doc: Record<string, any>): string {
  const placeholder = { url: 'http://amtool-0-25-check.invalid/' };
  return stringify({
    ...doc,
    receivers: (doc.receivers as Record<string, any>[]).map(({ msteamsv2_configs: teams = [], webhook_configs: hooks = [], ...rest }) => {
      const replaced = [
        ...hooks.map(({ url_file: _, ...w }: Record<string, unknown>) => ({ ...w, ...placeholder })),
        ...teams.map(({ webhook_url_file: _, ...t }: Record<string, unknown>) => ({ ...t, ...placeholder })),
      ];
      return { ...rest, ...(replaced.length ? { webhook_configs: replaced } : {}) };
    }),
  });
}

function amtool(args: (file: string) => string[], text = forAmtool025(config)) {
  return withFiles({ 'alertmanager.yml': text }, dir => run('amtool', args(path.join(dir, 'alertmanager.yml'))));
}

test('amtool check-config accepts the rendered configuration', () => {
  const result = amtool(file => ['check-config', file]);
  if (result.status !== 0) throw new Error(result.output);
  expect(result.output).toContain('SUCCESS');
  expect(result.output).toContain(' - 4 receivers');
  expect(result.output).toContain(' - 1 inhibit rules');
});

test('amtool check-config fails on a broken configuration (the check can fail)', () => {
  const broken = forAmtool025({ ...config, route: { ...config.route, receiver: 'nobody' } });
  expect(amtool(file => ['check-config', file], broken).status).not.toBe(0);
});

describe('routing (amtool config routes test)', () => {
  test.each([
    ['a critical alert goes to Slack and Teams', ['severity=critical', 'alertname=KubeNodeNotReady'], 'oncall-slack,oncall-teams'],
    ['a critical alert of the apps namespace stops at Teams (no continue): the team webhook is not notified', ['severity=critical', 'namespace=apps'], 'oncall-slack,oncall-teams'],
    ['a warning in the apps namespace goes to the team webhook', ['severity=warning', 'namespace=apps-staging'], 'apps-webhook'],
    ['any other warning goes to the default email', ['severity=warning', 'namespace=logging'], 'platform-email'],
  ])('%s', (_, labels, receivers) => {
    const result = amtool(file => ['config', 'routes', 'test', `--config.file=${file}`, `--verify.receivers=${receivers}`, ...labels]);
    if (result.status !== 0) throw new Error(result.output);
    expect(result.stdout.trim()).toBe(receivers);
  });

  test('a wrong expectation fails', () => {
    const result = amtool(file => ['config', 'routes', 'test', `--config.file=${file}`, '--verify.receivers=platform-email', 'severity=critical']);
    expect(result.status).not.toBe(0);
  });
});

test('credentials appear only as *_file paths, and every file is listed for the construct to mount', () => {
  const secretFields = ['auth_password', 'auth_secret', 'api_url', 'url', 'webhook_url', 'api_key', 'token', 'service_key', 'routing_key'];
  const keys = (value: unknown): string[] => Array.isArray(value) ? value.flatMap(keys)
    : value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => [k, ...keys(v)]) : [];
  expect(keys(config).filter(k => secretFields.includes(k))).toEqual([]);
  expect(alertmanagerCredentialFiles(props).sort()).toEqual([
    `${SECRETS}/apps-webhook/url`, `${SECRETS}/slack/url`, `${SECRETS}/smtp/password`, `${SECRETS}/teams/url`,
  ]);
  for (const file of alertmanagerCredentialFiles(props)) expect(rendered).toContain(file);
});

test('every receiver field is one the pinned Alertmanager reads', () => {
  for (const r of config.receivers as Record<string, any>[]) {
    for (const [kind, list] of Object.entries(r).filter(([k]) => k !== 'name')) {
      expect(ALERTMANAGER_FACTS.receiverFields[kind]).toBeDefined();
      for (const entry of list as Record<string, unknown>[]) {
        expect(Object.keys(entry).filter(f => !ALERTMANAGER_FACTS.receiverFields[kind].includes(f))).toEqual([]);
      }
    }
  }
  expect(Object.keys(config.receivers.find((r: any) => r.name === 'oncall-teams'))).toEqual(['name', 'msteamsv2_configs']);
  for (const field of Object.keys(ALERTMANAGER_FACTS.credentialFileSince)) {
    const [kind, name] = field.split('.');
    expect(ALERTMANAGER_FACTS.receiverFields[kind]).toContain(name);
  }
});

test('critical inhibits warning of the same alert name and target', () => {
  expect(config.inhibit_rules).toEqual([{
    source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['alertname', ...INHIBIT_TARGET_LABELS],
  }]);
});

test('for every warning/critical pair, the critical alert carries the target labels of the warning it inhibits', () => {
  const pairs = ALERT_RULE_GROUPS.flatMap(group => group.rules.filter(r => r.severity === 'critical'
    && group.rules.some(w => w.alert === r.alert && w.severity === 'warning')).map(r => ({ group: group.name, alert: r.alert })));
  expect(pairs.length).toBeGreaterThan(0);
  for (const { group, alert } of pairs) {
    const both = ALERT_CASES[group].find(c => c.alert === alert && c.fires.length === 2)!;
    const [warning, critical] = ['warning', 'critical'].map(s => both.fires.find(f => f.severity === s)!.labels);
    const target = (labels: Readonly<Record<string, string>>) => INHIBIT_TARGET_LABELS.map(l => labels[l] ?? '');
    expect({ alert, target: target(critical) }).toEqual({ alert, target: target(warning) });
  }
});

test('invalid props fail with every problem named', () => {
  const message = (() => {
    try {
      renderAlertmanagerConfig({
        ...props,
        defaultReceiver: 'nobody',
        receivers: [...props.receivers, { name: 'oncall-slack', slack: [{ apiUrlFile: 'relative/url' }] }],
        routes: [{ receiver: 'ghost', matchers: [{ label: 'bad-label', value: 'x' }], repeatInterval: 'soon' }],
      });
    } catch (e) { return (e as Error).message; }
    return 'no error';
  })();
  for (const problem of [
    'receiver oncall-slack is declared twice', 'routes[0]: unknown receiver ghost', 'routes[0]: invalid label name "bad-label"',
    'routes[0].repeatInterval: not a duration: soon', 'defaultReceiver: unknown receiver nobody', 'credential file relative/url must be an absolute path',
  ]) expect(message).toContain(problem);
  expect(() => renderAlertmanagerConfig({ ...props, receivers: [{ name: 'platform-email', email: [{ to: 'a@b', from: 'c@d', smarthost: 'smtp' }] }], routes: [] }))
    .toThrow(/smarthost smtp must be host:port/);
  expect(renderAlertmanagerConfig(props)).toBe(rendered);
});

test('defaults: resolved notifications on, STARTTLS required, grouping by alert and target', () => {
  expect(config.route).toMatchObject({ receiver: 'platform-email', group_by: ['alertname', 'namespace', 'job'], group_wait: '30s', group_interval: '5m', repeat_interval: '4h' });
  const email = config.receivers[0].email_configs[0];
  expect(email).toMatchObject({ send_resolved: true, require_tls: true, auth_password_file: `${SECRETS}/smtp/password` });
  expect(config.receivers[3].webhook_configs[0].send_resolved).toBe(false);
});
