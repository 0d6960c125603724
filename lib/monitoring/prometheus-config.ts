import { ScrapeTarget, scrapeConfig } from './scrape-target';
import { PodsPeer } from '../network/peer';
import { writeYaml } from '../core/write-yaml';

/** Where Prometheus sends alerts: the Alertmanager pods, discovered by labels. */
export interface AlertmanagerTarget {
  readonly pods: PodsPeer;
  /** Alertmanager's API port on the pods. */
  readonly port: number;
}

export interface PrometheusConfigOptions {
  /** `global.scrape_interval` (also the rule evaluation interval). */
  readonly scrapeInterval: string;
  /** `global.external_labels`; values may use `${VAR}` from the container's environment (expand-external-labels). */
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly targets: readonly ScrapeTarget[];
  /** @default - alerts are evaluated but sent nowhere */
  readonly alertmanagers?: AlertmanagerTarget;
  /** External labels that tell HA replicas apart, dropped from alerts so Alertmanager sees one alert per pair. @default - none */
  readonly replicaLabels?: readonly string[];
  /** `rule_files` patterns. @default - none */
  readonly ruleFiles?: readonly string[];
}

/** prometheus.yml (Prometheus 2.x), one scrape job per target; job names must be unique. */
export function prometheusConfig(options: PrometheusConfigOptions): Record<string, unknown> {
  const jobs = options.targets.map(t => t.job);
  const duplicate = jobs.find((job, i) => jobs.indexOf(job) !== i);
  if (duplicate) throw new Error(`scrape job "${duplicate}" is declared twice: each job label comes from exactly one target`);
  const am = options.alertmanagers;
  const selector = am && Object.entries(am.pods.podLabels).map(([k, v]) => `${k}=${v}`).join(',');
  return {
    global: {
      scrape_interval: options.scrapeInterval,
      evaluation_interval: options.scrapeInterval,
      external_labels: { ...options.externalLabels },
    },
    rule_files: options.ruleFiles?.length ? [...options.ruleFiles] : undefined,
    alerting: am && {
      alert_relabel_configs: options.replicaLabels?.length ? [{ action: 'labeldrop', regex: options.replicaLabels.join('|') }] : undefined,
      alertmanagers: [{
        // Every peer gets every alert: the peers deduplicate notifications among themselves.
        kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [am.pods.namespace] }, selectors: [{ role: 'pod', label: selector }] }],
        relabel_configs: [{ source_labels: ['__meta_kubernetes_pod_container_port_number'], regex: String(am.port), action: 'keep' }],
      }],
    },
    scrape_configs: options.targets.map(scrapeConfig),
  };
}

/** The YAML text of prometheusConfig(). */
export function renderPrometheusConfig(options: PrometheusConfigOptions): string {
  return writeYaml(prometheusConfig(options));
}
