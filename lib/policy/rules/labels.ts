import { field } from '../paths';
import { CheckedObject, Report } from '../types';
import { rule, RuleFamily } from './rule';

export const LABEL_RULES = {
  key: rule('LABEL-KEY',
    'Label key is not a valid Kubernetes label key, so the API server rejects the object',
    'Use `[prefix/]name`: name up to 63 characters of letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit; prefix a lowercase DNS subdomain (e.g. app.kubernetes.io/name).'),
  value: rule('LABEL-VALUE',
    'Label value is not a valid Kubernetes label value, so the API server rejects the object',
    'Use up to 63 characters of letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit (or an empty value); no spaces, slashes or colons.'),
};

// k8s.io/apimachinery/pkg/util/validation (IsQualifiedName, IsDNS1123Subdomain, IsValidLabelValue), as of 1.27.
const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `key` is not a valid label key; undefined when it is valid. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const name = slash === -1 ? key : key.slice(slash + 1);
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    return `prefix "${prefix}" is not a lowercase DNS subdomain`;
  }
  if (name.length > 63) return `name part has ${name.length} characters (at most 63)`;
  return NAME.test(name) ? undefined : `name part "${name}" has characters other than letters, digits, "-", "_", "." or does not start and end with a letter or digit`;
}

/** Why `value` is not a valid label value; undefined when it is valid. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return `${value.length} characters (at most 63)`;
  return value === '' || NAME.test(value) ? undefined : 'characters other than letters, digits, "-", "_", "." or does not start and end with a letter or digit';
}

/**
 * Labels of every object, of every pod template and of workload selectors (`spec.selector.matchLabels`) are
 * valid. Non-string values are SCHEMA-TYPE's to report.
 */
export const labels: RuleFamily = {
  rules: Object.values(LABEL_RULES),
  check(inv, report) {
    for (const obj of inv.objects) {
      checkLabels(obj.body.metadata?.labels, 'metadata.labels', obj, report);
      checkLabels(obj.body.spec?.selector?.matchLabels, 'spec.selector.matchLabels', obj, report);
    }
    for (const t of inv.templates) {
      // A bare Pod is its own template: its labels were checked above.
      if (t.metadataPath !== 'metadata') checkLabels(t.metadata.labels, `${t.metadataPath}.labels`, t.owner, report);
    }
  },
};

function checkLabels(map: unknown, path: string, obj: CheckedObject, report: Report): void {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) return;
  for (const [k, v] of Object.entries(map)) {
    const keyProblem = labelKeyProblem(k);
    if (keyProblem) report(LABEL_RULES.key, obj, field(path, k), `"${k}": ${keyProblem}`);
    const valueProblem = typeof v === 'string' ? labelValueProblem(v) : undefined;
    if (valueProblem) report(LABEL_RULES.value, obj, field(path, k), `"${v}": ${valueProblem}`);
  }
}
