import { SCRAPE_JOBS } from '../../../lib/monitoring/scrape-jobs';
import { AlertCase, sample } from '../alert-case';

const prometheus = { job: SCRAPE_JOBS.prometheus, instance: '10.244.3.2:9090' };
const alertmanager = { job: SCRAPE_JOBS.alertmanager, instance: '10.244.3.9:9093' };
const fluentd = { job: SCRAPE_JOBS.fluentd, instance: '10.244.1.7:24231' };
const ruleGroup = { rule_group: '/etc/prometheus/rules/cluster.rules.yaml;cluster' };
const amUrl = { alertmanager: 'http://alertmanager-0.alertmanager.monitoring.svc:9093/api/v2/alerts' };
const slack = { integration: 'slack', reason: 'clientError' };

export const MONITORING_CASES: AlertCase[] = [
  {
    name: 'a target down for 15 minutes',
    alert: 'TargetDown',
    series: { [sample('up', undefined, fluentd)]: '0x15' },
    at: '15m',
    fires: [{ severity: 'warning', labels: fluentd }],
  },
  {
    name: 'a target up',
    alert: 'TargetDown',
    series: { [sample('up', undefined, fluentd)]: '1x15' },
    at: '15m',
    fires: [],
  },
  {
    name: 'rule evaluations failing',
    alert: 'PrometheusRuleEvaluationFailures',
    series: { [sample('prometheus_rule_evaluation_failures_total', undefined, { ...prometheus, ...ruleGroup })]: '0+1x20' },
    at: '15m',
    fires: [{ severity: 'critical', labels: { ...prometheus, ...ruleGroup } }],
  },
  {
    name: 'no rule evaluation failures',
    alert: 'PrometheusRuleEvaluationFailures',
    series: { [sample('prometheus_rule_evaluation_failures_total', undefined, { ...prometheus, ...ruleGroup })]: '0x20' },
    at: '15m',
    fires: [],
  },
  {
    name: 'Prometheus cannot reach Alertmanager',
    alert: 'PrometheusNotificationsFailing',
    series: { [sample('prometheus_notifications_errors_total', undefined, { ...prometheus, ...amUrl })]: '0+1x30' },
    at: '25m',
    fires: [{ severity: 'critical', labels: { ...prometheus, ...amUrl } }],
  },
  {
    name: 'Prometheus delivers alerts',
    alert: 'PrometheusNotificationsFailing',
    series: { [sample('prometheus_notifications_errors_total', undefined, { ...prometheus, ...amUrl })]: '2x30' },
    at: '25m',
    fires: [],
  },
  {
    name: 'Slack notifications failing',
    alert: 'AlertmanagerNotificationsFailing',
    series: { [sample('alertmanager_notifications_failed_total', undefined, { ...alertmanager, ...slack })]: '0+1x30' },
    at: '25m',
    fires: [{ severity: 'critical', labels: { ...alertmanager, ...slack } }],
  },
  {
    name: 'notifications delivered',
    alert: 'AlertmanagerNotificationsFailing',
    series: { [sample('alertmanager_notifications_failed_total', undefined, { ...alertmanager, ...slack })]: '1x30' },
    at: '25m',
    fires: [],
  },
  {
    name: 'a rejected Alertmanager configuration',
    alert: 'MonitoringConfigReloadFailed',
    series: {
      [sample('alertmanager_config_last_reload_successful', undefined, alertmanager)]: '0x15',
      [sample('prometheus_config_last_reload_successful', undefined, prometheus)]: '1x15',
    },
    at: '15m',
    fires: [{ severity: 'warning', labels: alertmanager }],
  },
  {
    name: 'a rejected Prometheus configuration',
    alert: 'MonitoringConfigReloadFailed',
    series: { [sample('prometheus_config_last_reload_successful', undefined, prometheus)]: '0x15' },
    at: '15m',
    fires: [{ severity: 'warning', labels: prometheus }],
  },
  {
    name: 'configurations loaded',
    alert: 'MonitoringConfigReloadFailed',
    series: {
      [sample('alertmanager_config_last_reload_successful', undefined, alertmanager)]: '1x15',
      [sample('prometheus_config_last_reload_successful', undefined, prometheus)]: '1x15',
    },
    at: '15m',
    fires: [],
  },
];
