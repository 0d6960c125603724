import { ApiObject, App, Chart } from 'cdk8s';
import { BackupChart } from './backup-chart';
import { AppsChart } from './apps-chart';
import { CiChart } from './ci-chart';
import { IngressChart } from './ingress-chart';
import { LoggingChart } from './logging-chart';
import { MonitoringChart } from './monitoring-chart';
import { NamespaceRequest, PlatformChart } from './platform-chart';
import { RegistryChart } from './registry-chart';
import { EnvironmentConfig } from '../lib/config/schema';
import { elasticsearchPodSecurity } from '../lib/logging/elasticsearch';
import { fluentdPodSecurity } from '../lib/logging/fluentd';
import { MonitoringSecrets } from '../lib/monitoring/monitoring-secrets';
import { nodeExporterPodSecurity } from '../lib/monitoring/node-exporter';
import { ScrapeTarget } from '../lib/monitoring/scrape-target';
import { RoutingTable } from '../lib/network/routing-table';
import { enabledStackNamespaces, NAMESPACE } from '../lib/platform/stack-namespaces';

/**
 * The stack namespaces of the enabled components, with the Pod Security level each can meet:
 * `restricted` unless the component that runs there says why it cannot.
 */
function stackNamespaces(config: EnvironmentConfig): NamespaceRequest[] {
  const weaker = (name: string) => {
    if (name === NAMESPACE.logging) return elasticsearchPodSecurity(config.logging.elasticsearch.vmMaxMapCount);
    if (name === NAMESPACE.loggingAgents) return fluentdPodSecurity();
    if (name === NAMESPACE.monitoringAgents) return nodeExporterPodSecurity();
    return undefined;
  };
  return enabledStackNamespaces(config).map(name => ({ name, podSecurity: weaker(name)?.level ?? 'restricted', reason: weaker(name)?.reason }));
}

/**
 * Every chart of one environment, with dependencies so that cdk8s numbers the files in apply
 * order (`0000-platform` first: namespaces before anything that lives in them).
 */
export function buildStack(app: App, config: EnvironmentConfig): void {
  const routes = new RoutingTable(config.domain);
  const platform = new PlatformChart(app, 'platform', { config, namespaces: stackNamespaces(config) });
  const components: Chart[] = [];
  // Monitoring's secrets exist before both charts: Grafana's Elasticsearch reader is created by the logging setup.
  const monitoringSecrets = config.monitoring.enabled
    ? new MonitoringSecrets({ namespace: NAMESPACE.monitoring, logsNamespace: config.logging.enabled ? NAMESPACE.logging : undefined })
    : undefined;
  const logsReader = monitoringSecrets?.logsReader && { user: monitoringSecrets.logsReaderUser, password: monitoringSecrets.logsReader };
  const logging = config.logging.enabled ? new LoggingChart(app, 'logging', { config, routes, logsReader }) : undefined;
  if (logging) components.push(logging);
  const ci = config.ci.enabled ? new CiChart(app, 'ci', { config, routes }) : undefined;
  if (ci) components.push(ci);
  const apps = config.apps.enabled ? new AppsChart(app, 'apps', { config, routes }) : undefined;
  if (apps) components.push(apps);
  if (monitoringSecrets) {
    // The metrics endpoints the other components serve.
    const targets: ScrapeTarget[] = [];
    if (logging) targets.push(logging.fluentd.scrapeTarget);
    if (logging?.exporter) targets.push(logging.exporter.scrapeTarget);
    if (ci?.jenkins.scrapeTarget) targets.push(ci.jenkins.scrapeTarget);
    if (apps?.scrapeTarget) targets.push(apps.scrapeTarget);
    components.push(new MonitoringChart(app, 'monitoring', {
      config, routes, targets, secrets: monitoringSecrets, elasticsearch: logging?.elasticsearch, logIndexPrefix: logging?.setup.indexPrefix,
    }));
  }
  for (const chart of components) chart.addDependency(platform);
  if (config.backup.velero.enabled) {
    // Velero backs up the claims of the CI StatefulSets (the Jenkins home) with its file-system backup.
    const statefulSets = (ci?.node.findAll() ?? []).filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'StatefulSet');
    new BackupChart(app, 'backup', { config, fsBackupWorkloads: statefulSets }).addDependency(platform, ...components);
  }
  // Last: every component has registered its routes by now, and its namespaces and Services exist before the Ingresses.
  const ingress = new IngressChart(app, 'ingress', { config, routes });
  ingress.addDependency(platform, ...components);
  if (config.images.registry) {
    // Built after every other chart, since it attaches the mirror's pull secret to all their pods; its file
    // comes before the ingress chart's, which stays last.
    const registry = new RegistryChart(app, 'registry', { config });
    registry.addDependency(platform, ...components);
    ingress.addDependency(registry);
  }
}
