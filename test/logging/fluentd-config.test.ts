import { renderFluentConf } from '../../lib/logging/fluentd-config';
import { fluentConfOptions as options } from './support';

/** The trimmed lines of the first `<name ...>` section, e.g. the `<buffer>` block. */
function block(conf: string, name: string): string[] {
  const start = conf.indexOf(`<${name}`);
  const end = conf.indexOf(`</${name}>`, start);
  if (start < 0 || end < 0) throw new Error(`no <${name}> in\n${conf}`);
  return conf.slice(start, end).split('\n').map(l => l.trim());
}

describe('fluent.conf', () => {
  const conf = renderFluentConf(options);

  test('a file buffer on the host path that blocks instead of dropping, with bounded size and exponential retry', () => {
    expect(block(conf, 'buffer')).toEqual(expect.arrayContaining([
      '@type file',
      'path /var/log/fluentd/buffer/elasticsearch',
      'overflow_action block',
      'total_limit_size 2048m',
      'chunk_limit_size 8m',
      'retry_type exponential_backoff',
      'retry_forever true',
    ]));
  });

  test('tails container logs with a host position file, excluding its own', () => {
    expect(conf).toContain('path /var/log/containers/*.log');
    expect(conf).toContain('pos_file /var/log/fluentd/containers.log.pos');
    expect(conf).toContain('exclude_path ["/var/log/containers/fluentd-*_logging-agents_*.log"]');
    expect(conf).toMatch(/<label @FLUENT_LOG>\s*<match fluent\.\*\*>\s*@type null/);
  });

  test('CRI parsing with partial-line concatenation by default, Docker JSON as an option', () => {
    expect(conf).toMatch(/<parse>\s*@type cri\s*keep_time_key false\s*<\/parse>/);
    expect(conf).toContain('use_partial_cri_logtag true');
    const json = renderFluentConf({ ...options, containerLogFormat: 'json' });
    expect(json).toMatch(/<parse>\s*@type json/);
    expect(json).not.toContain('use_partial_cri_logtag');
    expect(json).toContain('key log');
  });

  test('Kubernetes metadata, then Elasticsearch with stable connections, credentials from the environment and TLS verification', () => {
    expect(conf).toContain('@type kubernetes_metadata');
    const output = conf.slice(conf.indexOf('@type elasticsearch'), conf.indexOf('<buffer>')).split('\n').map(l => l.trim());
    expect(output).toEqual(expect.arrayContaining([
      'host elasticsearch.logging.svc', 'port 9200', 'scheme https', 'ssl_verify true', 'ca_file /ca/ca.crt',
      'user fluentd', `password "#{ENV['ES_PASSWORD']}"`,
      'sniffer_class_name Fluent::Plugin::ElasticsearchSimpleSniffer', 'reload_connections false', 'reconnect_on_error true', 'reload_on_failure true',
      'logstash_format true', 'logstash_prefix k8s-logs',
    ]));
  });

  test('plain http has no TLS settings; https without a CA is refused', () => {
    const plain = renderFluentConf({ ...options, output: { ...options.output, url: 'http://es.logging.svc:9200', caFile: undefined } });
    expect(plain).toContain('scheme http\n');
    expect(plain).not.toContain('ca_file');
    expect(() => renderFluentConf({ ...options, output: { ...options.output, caFile: undefined } })).toThrow(/https Elasticsearch URL needs caFile/);
  });

  test('a buffer smaller than one chunk is refused', () => {
    expect(() => renderFluentConf({ ...options, buffer: { totalLimitSize: '4Mi' } })).toThrow(/totalLimitSize \(4Mi\) must be larger than one chunk \(8Mi\)/);
  });
});
