import { EXPORTER_METRICS } from '../monitoring/exporter-metrics';

/**
 * The Jenkins `prometheus` plugin at the version the Jenkins rules were written against (EXPORTER_METRICS),
 * as read in jenkinsci/prometheus-plugin at that tag. Dependency-free: config validation reads it too.
 */
export const PROMETHEUS_PLUGIN = {
  name: 'prometheus',
  version: EXPORTER_METRICS.jenkins.sources[0].tag,
  /** pom.xml: `jenkins.baseline` 2.479, `jenkins.version` 2.479.3: the lowest core it installs on. */
  minimumCore: '2.479.3',
  /**
   * pom.xml: required plugin dependencies (versions from the 2.479.x BOM); jenkins-plugin-cli resolves them.
   * `cloudbees-disk-usage-simple` and `coverage` are optional and not installed.
   */
  dependencies: ['commons-lang3-api', 'junit', 'metrics', 'pipeline-rest-api'],
  /**
   * config/PrometheusConfiguration.java: a GlobalConfiguration without `@Symbol`, so JCasC names it
   * `unclassified.prometheusConfiguration`; setters `path` (default `prometheus`, the URL is `/<path>/`),
   * `defaultNamespace` (default `default`, the metric name prefix, overridden by PROMETHEUS_NAMESPACE) and
   * `useAuthenticatedEndpoint` (default false; true requires the `Metrics.VIEW` permission).
   */
  jcascKey: 'prometheusConfiguration',
  path: 'prometheus',
  defaultNamespace: 'default',
} as const;

/** The pin `prometheus:<version>`. */
export const PROMETHEUS_PLUGIN_PIN = `${PROMETHEUS_PLUGIN.name}:${PROMETHEUS_PLUGIN.version}`;
