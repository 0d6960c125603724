import { Violation } from './types';

/** Identifies an object in reports: `Deployment apps/web` (cluster-scoped: `ClusterRole reader`). */
export function objectLabel(v: Pick<Violation, 'kind' | 'namespace' | 'name'>): string {
  return `${v.kind} ${v.namespace ? `${v.namespace}/` : ''}${v.name}`;
}

/**
 * Key of one object in the construct metadata, unique across environments and kinds, e.g.
 * `dev: Deployment apps/web`. The validation plugin reports resources under this key, so the CLI prints it as
 * the resource name and finds the construct path with it (cdk8s' own metadata is keyed by object name only,
 * which is ambiguous as soon as a Service and a Deployment share a name or two environments are rendered).
 */
export function constructMetadataKey(env: string, object: { kind: string; name: string; namespace?: string }): string {
  return `${env}: ${objectLabel(object)}`;
}

/**
 * A human report grouped by object (in input order), one block per violation (`✗` an error, `!` a warning):
 *
 *   Deployment apps/web  (dist/dev/0003-apps.k8s.yaml)
 *     ✗ PSS-RESTRICTED-RUN-AS-NON-ROOT  spec.template.spec.containers[0].securityContext.runAsNonRoot
 *       Container may run as root (...) — container "web" and the pod leave it unset
 *       fix: Set securityContext.runAsNonRoot: true ...
 */
export function formatViolations(violations: readonly Violation[]): string {
  if (violations.length === 0) return 'No policy violations.';
  const groups = new Map<string, Violation[]>();
  for (const v of violations) {
    const key = `${objectLabel(v)}\0${v.source ?? ''}`;
    const list = groups.get(key);
    if (list) list.push(v); else groups.set(key, [v]);
  }
  const lines: string[] = [];
  for (const list of groups.values()) {
    const first = list[0];
    lines.push(`${objectLabel(first)}${first.source ? `  (${first.source})` : ''}`);
    for (const v of list) {
      lines.push(`  ${v.severity === 'warning' ? '!' : '✗'} ${v.ruleId}  ${v.path}`);
      lines.push(`    ${v.reason}${v.detail ? ` — ${v.detail}` : ''}`);
      lines.push(`    fix: ${v.hint}`);
    }
    lines.push('');
  }
  const warnings = violations.filter(v => v.severity === 'warning').length;
  const errors = count(violations.length - warnings, 'violation');
  lines.push(`${warnings > 0 ? `${errors} and ${count(warnings, 'warning')}` : errors} in ${count(groups.size, 'object')}.`);
  return lines.join('\n');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
