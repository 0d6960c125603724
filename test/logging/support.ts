import { Chart, Testing } from 'cdk8s';
import { EnvironmentInput } from '../../lib/config/schema';
import { Elasticsearch, ElasticsearchProps } from '../../lib/logging/elasticsearch';
import { ElasticsearchSetupJob, ElasticsearchSetupJobProps } from '../../lib/logging/es-setup-job';
import { FluentdConfigOptions } from '../../lib/logging/fluentd-config';
import { LoggingSecrets } from '../../lib/logging/logging-secrets';
import { find, KubeObject, render, Rendered, renderEnvironment } from '../support/render';

/** The objects of the logging chart of a rendered environment. */
export function loggingObjects(rendered: Rendered): KubeObject[] {
  const chart = rendered.charts.find(c => c.name === 'logging');
  if (!chart) throw new Error('no logging chart rendered');
  return chart.objects;
}

/** The logging chart of a declared environment. */
export function logging(env: string): KubeObject[] {
  return loggingObjects(renderEnvironment(env));
}

/** The logging chart of a variant of an environment. */
export function loggingOf(input: EnvironmentInput): KubeObject[] {
  return loggingObjects(render(input));
}

/** What a construct renders on its own, built by `build` in `Testing.chart()`. */
export function synthOf(build: (chart: Chart) => void): KubeObject[] {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart) as KubeObject[];
}

/** The stack's secrets, for construct tests (declared only: nothing is rendered). */
export const secrets = new LoggingSecrets({ namespace: 'logging', agentsNamespace: 'logging-agents' });

/** The pinned image of the construct tests: any 8.x tag would do. */
export const ES_IMAGE = 'docker.elastic.co/elasticsearch/elasticsearch:8.19.21';

/** The smallest Elasticsearch props: every optional prop at its default. */
export const minimalElasticsearch: ElasticsearchProps = {
  namespace: 'logging',
  image: ES_IMAGE,
  replicas: 1,
  resources: { cpu: '500m', memory: '2Gi' },
  storage: { size: '10Gi' },
  vmMaxMapCount: 'preconfigured',
  elasticPassword: secrets.elasticPassword,
  partOf: 'logging',
};

/** An Elasticsearch construct in `chart`, for constructs that take one. */
export function elasticsearchIn(chart: Chart, props: Partial<ElasticsearchProps> = {}): Elasticsearch {
  return new Elasticsearch(chart, 'elasticsearch', { ...minimalElasticsearch, ...props });
}

/** A setup Job for an Elasticsearch made from `es` props, with `props` over the minimal ones. */
export function setupJobIn(chart: Chart, props: Partial<ElasticsearchSetupJobProps> = {}, es: Partial<ElasticsearchProps> = {}): ElasticsearchSetupJob {
  return new ElasticsearchSetupJob(chart, 'setup', {
    elasticsearch: elasticsearchIn(chart, es),
    image: ES_IMAGE,
    elasticPassword: secrets.elasticPassword,
    kibanaSystemPassword: secrets.kibanaSystemPassword,
    writerPassword: secrets.writerPassword,
    retentionDays: 7,
    partOf: 'logging',
    ...props,
  });
}

/** fluent.conf options with TLS, for the config renderer's tests. */
export const fluentConfOptions: FluentdConfigOptions = {
  containerLogFormat: 'cri',
  excludePaths: ['/var/log/containers/fluentd-*_logging-agents_*.log'],
  stateDir: '/var/log/fluentd',
  metricsPort: 24231,
  output: { url: 'https://elasticsearch.logging.svc:9200', user: 'fluentd', passwordEnv: 'ES_PASSWORD', caFile: '/ca/ca.crt', indexPrefix: 'k8s-logs' },
  buffer: { totalLimitSize: '2Gi' },
};

/** The first container of a workload's pod template, or the one named. */
export function container(workload: KubeObject, name?: string): any {
  const containers: any[] = workload.spec.template.spec.containers;
  return name ? containers.find(c => c.name === name) : containers[0];
}

/** An env var's entry by name. */
export function env(c: any, name: string): any {
  return (c.env ?? []).find((e: any) => e.name === name);
}

/** A container's plain env values by name. */
export function envValues(c: any): Record<string, string> {
  return Object.fromEntries((c.env ?? []).filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
}

export const elasticsearch = (objects: KubeObject[], namespace = 'logging') => find(objects, 'StatefulSet', 'elasticsearch', namespace);
export const kibana = (objects: KubeObject[], namespace = 'logging') => find(objects, 'Deployment', 'kibana', namespace);
export const fluentd = (objects: KubeObject[], namespace = 'logging-agents') => find(objects, 'DaemonSet', 'fluentd', namespace);
