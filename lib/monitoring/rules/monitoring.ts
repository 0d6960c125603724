import { EXPORTER_METRICS, series } from '../exporter-metrics';
import { alertRuleGroup } from './alert-rule';

const prometheus = EXPORTER_METRICS.prometheus;
const alertmanager = EXPORTER_METRICS.alertmanager;

/** The monitoring stack itself: scrape targets, rule evaluation and notification delivery. */
export const MONITORING_RULES = alertRuleGroup('monitoring', [
  {
    alert: 'TargetDown',
    expr: 'up == 0',
    for: '10m',
    severity: 'warning',
    summary: 'Prometheus cannot scrape {{ $labels.job }} target {{ $labels.instance }}',
    description: 'Metrics and alerts of this target are blind. Open Prometheus\' Targets page for the scrape error: a down pod, '
      + 'a network policy without the Prometheus flow, a changed port or path, or failed authentication.',
  },
  {
    alert: 'PrometheusRuleEvaluationFailures',
    expr: `increase(${series(prometheus, 'prometheus_rule_evaluation_failures_total')}[10m]) > 0`,
    for: '5m',
    severity: 'critical',
    summary: 'Prometheus {{ $labels.instance }} fails to evaluate rules of group {{ $labels.rule_group }}',
    description: 'Alerts of this group may never fire. The Prometheus log names the rule and the error (e.g. many-to-many matching '
      + 'after a label change); fix the rule in lib/monitoring/rules and re-apply.',
  },
  {
    alert: 'PrometheusNotificationsFailing',
    expr: `increase(${series(prometheus, 'prometheus_notifications_errors_total')}[10m]) > 0`,
    for: '10m',
    severity: 'critical',
    summary: 'Prometheus {{ $labels.instance }} cannot send alerts to Alertmanager {{ $labels.alertmanager }}',
    description: 'Firing alerts do not reach Alertmanager. Check the Alertmanager pods and the Prometheus to Alertmanager network flow; '
      + 'the Prometheus log has the error.',
  },
  {
    alert: 'AlertmanagerNotificationsFailing',
    expr: `increase(${series(alertmanager, 'alertmanager_notifications_failed_total')}[10m]) > 0`,
    for: '10m',
    severity: 'critical',
    summary: 'Alertmanager {{ $labels.instance }} fails to send {{ $labels.integration }} notifications',
    description: 'Alerts are not delivered to this channel. The Alertmanager log has the error: a wrong or rotated webhook URL or SMTP '
      + 'password in the receiver Secret, or egress to the receiver blocked by the network policy. Other channels still work.',
  },
  {
    alert: 'MonitoringConfigReloadFailed',
    expr: `(${series(prometheus, 'prometheus_config_last_reload_successful')} == 0) or (${series(alertmanager, 'alertmanager_config_last_reload_successful')} == 0)`,
    for: '10m',
    severity: 'warning',
    summary: '{{ $labels.job }} {{ $labels.instance }} runs an outdated configuration: the last reload failed',
    description: 'A new configuration was rejected and the previous one is still in use. The pod log names the error; '
      + 'the rendered configs are checked by promtool and amtool in `npm test`, so compare the mounted file with dist/.',
  },
]);
