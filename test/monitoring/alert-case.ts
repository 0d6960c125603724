import { stringify } from 'yaml';
import { AlertRuleGroup, Severity } from '../../lib/monitoring/rules';
import { ScrapeJob } from '../../lib/monitoring/scrape-jobs';

/** An alert the case expects to fire: its severity and every label of the series, beyond alertname and severity. */
export interface ExpectedAlert {
  readonly severity: Severity;
  readonly labels: Readonly<Record<string, string>>;
}

/** One `promtool test rules` case for one alert name. */
export interface AlertCase {
  /** Shown by promtool when the case fails. */
  readonly name: string;
  readonly alert: string;
  /** Input series (`metric{labels}`) and their values in promtool's expanding notation, one sample a minute. */
  readonly series: Readonly<Record<string, string>>;
  /** When the alerts are checked (a duration since the first sample). */
  readonly at: string;
  /** The alerts of `alert` firing at `at`; empty for a quiet case. */
  readonly fires: readonly ExpectedAlert[];
}

/** `metric{job="<job>",k="v",...}` for input series. */
export function sample(metric: string, job: ScrapeJob | undefined, labels: Readonly<Record<string, string>> = {}): string {
  const all = { ...(job ? { job } : {}), ...labels };
  return `${metric}{${Object.entries(all).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
}

const LABEL_TEMPLATE = /\{\{ \$labels\.([a-zA-Z_][a-zA-Z0-9_]*) \}\}/g;

/** The label names an annotation uses; the rules use only `{{ $labels.<name> }}`, and any other template throws. */
export function templateLabels(template: string): string[] {
  if (template.replace(LABEL_TEMPLATE, '').includes('{{')) throw new Error(`annotation uses a template other than {{ $labels.<name> }}: ${template}`);
  return [...template.matchAll(LABEL_TEMPLATE)].map(m => m[1]);
}

/**
 * An annotation as Prometheus expands it for a firing alert's labels. A label the series do not carry would
 * expand to nothing ("... in cluster "): that fails the case instead.
 */
export function expand(template: string, labels: Readonly<Record<string, string>>): string {
  const missing = templateLabels(template).filter(name => labels[name] === undefined);
  if (missing.length > 0) throw new Error(`annotation uses ${missing.map(n => `{{ $labels.${n} }}`).join(', ')}, which the alert's series do not carry: ${template}`);
  return template.replace(LABEL_TEMPLATE, (_, name: string) => labels[name]);
}

/** The promtool unit-test file for a group's rule file and its cases. */
export function promtoolTestFile(group: AlertRuleGroup, ruleFile: string, cases: readonly AlertCase[]): string {
  return stringify({
    rule_files: [ruleFile],
    evaluation_interval: '1m',
    tests: cases.map(c => ({
      name: c.name,
      interval: '1m',
      input_series: Object.entries(c.series).map(([series, values]) => ({ series, values })),
      alert_rule_test: [{
        eval_time: c.at,
        alertname: c.alert,
        exp_alerts: c.fires.map(expected => {
          const rule = group.rules.find(r => r.alert === c.alert && r.severity === expected.severity);
          if (!rule) throw new Error(`${c.name}: no ${expected.severity} rule ${c.alert} in group ${group.name}`);
          const labels = { ...expected.labels, severity: expected.severity };
          return {
            exp_labels: labels,
            exp_annotations: { summary: expand(rule.summary, labels), description: expand(rule.description, labels) },
          };
        }),
      }],
    })),
  }, { lineWidth: 0 });
}
