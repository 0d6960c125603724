import { rule, RuleFamily } from './rule';

export const JCASC_RULES = {
  podYaml: rule('JCASC-POD-YAML',
    'Jenkins agent pod template yaml is not a Pod manifest, so Jenkins cannot start the agent and the guardrails cannot check it',
    'Make the template\'s yaml one YAML document holding a Pod (apiVersion: v1, kind: Pod, metadata, spec).'),
};

/**
 * Agent pod templates of Jenkins Configuration-as-Code (see `jcascPodTemplates`) get every pod rule; this family
 * only reports the templates that could not be read, so a broken one is never silently skipped.
 */
export const jcasc: RuleFamily = {
  rules: Object.values(JCASC_RULES),
  check(inv, report) {
    for (const e of inv.jcascErrors) report(JCASC_RULES.podYaml, e.object, e.path, e.detail);
  },
};
