/** `critical`: act now, someone is paged. `warning`: act within working hours. */
export type Severity = 'warning' | 'critical';

/** One Prometheus alerting rule. */
export interface AlertRule {
  /**
   * The alert name. A warning and a critical rule for the same condition at two thresholds share it:
   * Alertmanager inhibits the warning while the critical alert fires for the same target.
   */
  readonly alert: string;
  /** PromQL; every selector is built with `series()` so it names its scrape job. */
  readonly expr: string;
  /** How long the condition must hold before the alert fires (a Prometheus duration). @default - fires on the first evaluation */
  readonly for?: string;
  readonly severity: Severity;
  /** One line: what is wrong, naming the target (`{{ $labels.<name> }}` only). */
  readonly summary: string;
  /** What it means and what to do first (`{{ $labels.<name> }}` only). */
  readonly description: string;
}

/** The rules of one component, rendered to one rule file. */
export interface AlertRuleGroup {
  /** The group name in the rule file (and the `rule_group` label of Prometheus' own rule metrics). */
  readonly name: string;
  /** The rule file name, `<name>.rules.yaml`. */
  readonly file: string;
  readonly rules: readonly AlertRule[];
}

/** A group whose file is named after it. */
export function alertRuleGroup(name: string, rules: readonly AlertRule[]): AlertRuleGroup {
  return { name, file: `${name}.rules.yaml`, rules };
}
