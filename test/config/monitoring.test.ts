import { DEFAULT_RETENTION_SIZE_PERCENT, retentionSize } from '../../lib/config/monitoring';
import { EnvironmentInput } from '../../lib/config/schema';
import { ConfigError, parseEnvironment } from '../../lib/config/validate';
import { parseQuantity } from '../../lib/core/quantity';
import { EXPORTER_METRICS } from '../../lib/monitoring/exporter-metrics';
import { ENVIRONMENTS, environmentInput } from '../support/render';

function problems(change: (input: EnvironmentInput) => void, name = 'dev'): string[] {
  const input = environmentInput(name);
  change(input);
  try {
    parseEnvironment(input, name);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map(p => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

const prom = (input: EnvironmentInput) => input.monitoring.prometheus;

describe('monitoring config', () => {
  test.each(ENVIRONMENTS)('%s is valid', env => {
    expect(problems(() => undefined, env)).toEqual([]);
  });

  test('a highly available environment needs a Prometheus pair and three Alertmanager peers', () => {
    expect(problems(i => { i.highlyAvailable = true; i.monitoring.prometheus.replicas = 1; i.monitoring.alertmanager.replicas = 2; })
      .filter(p => p.startsWith('monitoring.'))).toEqual([
      'monitoring.prometheus.replicas: a highly available environment needs at least 2 Prometheus replicas (an HA pair scraping the same targets), got 1',
      'monitoring.alertmanager.replicas: a highly available environment needs at least 3 Alertmanager peers (one loss still leaves a cluster that deduplicates), got 2',
    ]);
    expect(problems(i => { i.highlyAvailable = true; i.monitoring.prometheus.replicas = 2; i.monitoring.alertmanager.replicas = 3; })
      .filter(p => p.startsWith('monitoring.'))).toEqual([]);
  });

  test('retention by size must leave room on the volume', () => {
    expect(problems(i => { prom(i).storage.size = '10Gi'; prom(i).retention.size = '10Gi'; })).toEqual([
      'monitoring.prometheus.retention.size: expected less than the volume (10Gi): the WAL and compaction need room beyond the retained blocks, got "10Gi"',
    ]);
    expect(problems(i => { prom(i).storage.size = '10Gi'; prom(i).retention.size = '9Gi'; })).toEqual([]);
  });

  test(`retention by size defaults to ${DEFAULT_RETENTION_SIZE_PERCENT}% of the volume`, () => {
    const config = parseEnvironment({ ...environmentInput('dev'), monitoring: { ...environmentInput('dev').monitoring, prometheus: { ...prom(environmentInput('dev')), storage: { size: '10Gi' }, retention: { time: '1d' } } } }, 'dev');
    expect(parseQuantity(retentionSize(config.monitoring.prometheus))).toBe(Math.floor(10 * 2 ** 30 * 0.8));
    expect(retentionSize({ ...config.monitoring.prometheus, retention: { time: '1d', size: '3Gi' } })).toBe('3Gi');
  });

  test.each(['15 days', '1.5d', '', '0s'])('retention time %j is rejected', time => {
    expect(problems(i => { prom(i).retention.time = time; })).toEqual([expect.stringMatching(/^monitoring\.prometheus\.retention\.time: expected a (Prometheus )?duration/)]);
  });

  test('the rendered flags and config are for Prometheus 2.x: a 3.x image is rejected', () => {
    expect(problems(i => { prom(i).image = 'quay.io/prometheus/prometheus:v3.5.0'; })).toEqual([
      'monitoring.prometheus.image: expected a Prometheus v2.x tag: the rendered flags and config are written and validated for 2.x (3.x changed defaults, e.g. UTF-8 names and external label expansion), got "quay.io/prometheus/prometheus:v3.5.0"',
    ]);
  });

  test('the elasticsearch-exporter runs the version the Elasticsearch rules were written against', () => {
    const tag = EXPORTER_METRICS.elasticsearch.sources[0].tag;
    expect(problems(i => { i.monitoring.elasticsearchExporter.image = 'quay.io/prometheuscommunity/elasticsearch-exporter:v1.8.0'; })).toEqual([
      `monitoring.elasticsearchExporter.image: expected the elasticsearch-exporter tag ${tag}: the Elasticsearch alert rules and dashboards use the metric names of that version (lib/monitoring/exporter-metrics.ts), got "quay.io/prometheuscommunity/elasticsearch-exporter:v1.8.0"`,
    ]);
    expect(problems(i => { i.monitoring.elasticsearchExporter.image = `quay.io/prometheuscommunity/elasticsearch-exporter:${tag}`; })).toEqual([]);
  });

  test('node CIDRs are required (the kubelet and node-exporter flows need them)', () => {
    expect(problems(i => { i.monitoring.nodeCidrs = []; })).toEqual(['monitoring.nodeCidrs: expected at least one node CIDR, got []']);
  });

  describe('Alertmanager receivers', () => {
    const am = (input: EnvironmentInput) => input.monitoring.alertmanager;
    const slack = { name: 'oncall', slack: [{ channel: '#alerts' }] };
    const egress = [{ name: 'slack', cidrs: ['0.0.0.0/0'], ports: [443] }];

    test('receivers, a route and the egress they need are valid', () => {
      expect(problems(i => Object.assign(am(i), { receivers: [slack], defaultReceiver: 'oncall', routes: [{ receiver: 'oncall', matchers: [{ label: 'severity', value: 'critical' }] }], egress }))).toEqual([]);
    });

    test('receivers need a default receiver, and routes and the default must name a declared one', () => {
      expect(problems(i => Object.assign(am(i), { receivers: [slack], egress }))).toEqual(['monitoring.alertmanager.defaultReceiver: required with receivers: the receiver of alerts no route takes']);
      expect(problems(i => Object.assign(am(i), { receivers: [slack], egress, defaultReceiver: 'pager', routes: [{ receiver: 'pager', matchers: [{ label: 'team', value: 'a' }] }] }))).toEqual([
        'monitoring.alertmanager.defaultReceiver: expected one of the receivers (oncall), got "pager"',
        'monitoring.alertmanager.routes[0].receiver: expected one of the receivers (oncall), got "pager"',
      ]);
    });

    test('a receiver that notifies needs an allowed destination; duplicates and bad relays are refused', () => {
      expect(problems(i => Object.assign(am(i), { receivers: [slack], defaultReceiver: 'oncall' }))).toEqual([
        'monitoring.alertmanager.egress: receivers send notifications, but no destination is allowed: list the SMTP relay and webhook hosts (default-deny blocks everything else)',
      ]);
      expect(problems(i => Object.assign(am(i), { receivers: [slack, slack], defaultReceiver: 'oncall', egress }))).toEqual([
        'monitoring.alertmanager.receivers[1].name: duplicate receiver "oncall"',
      ]);
      expect(problems(i => Object.assign(am(i), { receivers: [{ name: 'mail', email: [{ to: 'a@example.com', from: 'b@example.com', smarthost: 'relay' }] }], defaultReceiver: 'mail', egress })))
        .toEqual(['monitoring.alertmanager.receivers[0].email[0].smarthost: expected the SMTP relay as host:port, got "relay"']);
    });
  });
});
