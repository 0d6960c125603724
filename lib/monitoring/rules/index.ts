import { promqlSelectors } from '../promql-selectors';
import { AlertRule, AlertRuleGroup, Severity } from './alert-rule';
import { CERTIFICATE_RULES } from './certificates';
import { CLUSTER_RULES } from './cluster';
import { ELASTICSEARCH_RULES } from './elasticsearch';
import { FLUENTD_RULES } from './fluentd';
import { JENKINS_RULES } from './jenkins';
import { MONITORING_RULES } from './monitoring';
import { WEB_APP_RULES } from './web-apps';
import { writeYaml } from '../../core/write-yaml';

export type { AlertRule, AlertRuleGroup, Severity } from './alert-rule';

/** Every alert rule group of the platform, one rule file each. */
export const ALERT_RULE_GROUPS: readonly AlertRuleGroup[] = [
  CLUSTER_RULES, ELASTICSEARCH_RULES, FLUENTD_RULES, JENKINS_RULES, WEB_APP_RULES, CERTIFICATE_RULES, MONITORING_RULES,
];

function ruleDocument(rule: AlertRule): Record<string, unknown> {
  return {
    alert: rule.alert,
    expr: rule.expr,
    ...(rule.for ? { for: rule.for } : {}),
    labels: { severity: rule.severity },
    annotations: { summary: rule.summary, description: rule.description },
  };
}

/** One Prometheus rule file (`groups:` with one group). */
export function renderRuleFile(group: AlertRuleGroup): string {
  return writeYaml({ groups: [{ name: group.name, rules: group.rules.map(ruleDocument) }] });
}

/** The rule files Prometheus loads, by file name (`<group>.rules.yaml`), as YAML. */
export function alertRuleFiles(): Record<string, string> {
  return Object.fromEntries(ALERT_RULE_GROUPS.map(group => [group.file, renderRuleFile(group)]));
}

/** The metrics one alert rule reads, each with the scrape job its selector names. */
export interface AlertRuleMetrics {
  readonly group: string;
  readonly alert: string;
  readonly severity: Severity;
  /** `job` is absent for series Prometheus writes for every target (`up`). */
  readonly metrics: readonly { readonly metric: string; readonly job?: string }[];
}

/** For every alert rule, the metric names it uses and their job: what "every metric is produced by a declared target" checks. */
export function alertRuleMetrics(): AlertRuleMetrics[] {
  return ALERT_RULE_GROUPS.flatMap(group => group.rules.map(rule => {
    const seen = new Map(promqlSelectors(rule.expr).map(s => [`${s.metric} ${s.job ?? ''}`, s]));
    return { group: group.name, alert: rule.alert, severity: rule.severity, metrics: [...seen.values()] };
  }));
}
