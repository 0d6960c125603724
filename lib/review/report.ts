import { FieldChange, formatPath, pathStartsWith } from './field-changes';
import { KubeObject } from '../core/kube-object';
import { describeObject } from './kube-object';
import { ChangedObject, isEmptyDiff } from './object-diff';
import { EnvironmentDiff } from './render-diff';
import { RiskFlag } from './risk';
import { riskRows } from './risk-groups';
import { sharedChanges } from './shared-changes';
import { codeSpan, inlineValue, isLongValue, unifiedDiffBlock } from './value-format';

/** What the two sides of the report are called. */
export interface ReportLabels {
  /** The base render, e.g. `main (merge base 1a2b3c4)`. */
  readonly base: string;
  /** The compared render, e.g. `working tree`. */
  readonly head: string;
}

/** Table cells: a pipe would end the cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
}

function objectRows(objects: readonly KubeObject[]): string[] {
  return table(['Kind', 'Namespace', 'Name', 'API version'], objects.map((obj) => [
    obj.kind, obj.metadata.namespace ?? '', codeSpan(obj.metadata.name), obj.apiVersion,
  ]));
}

/** Secret values never reach a pull-request comment, whatever was rendered. */
function isSecretValue(obj: KubeObject, change: FieldChange): boolean {
  return obj.kind === 'Secret' && (pathStartsWith(change.path, ['data']) || pathStartsWith(change.path, ['stringData']));
}

function changeLines(obj: KubeObject, change: FieldChange): string[] {
  const path = codeSpan(formatPath(change.path));
  if (isSecretValue(obj, change)) return [`- ${path}: _(secret value changed, not shown)_`];
  if (isLongValue(change.before) || isLongValue(change.after)) {
    const block = unifiedDiffBlock(change.before, change.after).split('\n').map((line) => `  ${line}`);
    return [`- ${path}:`, ...block];
  }
  return [`- ${path}: ${inlineValue(change.before)} → ${inlineValue(change.after)}`];
}

function changedObjectLines(change: ChangedObject, risky: boolean): string[] {
  const { after } = change;
  return [
    `**${codeSpan(describeObject(after))}** (${after.apiVersion})${risky ? ' ⚠️ needs care' : ''}`,
    '',
    ...change.changes.flatMap((c) => changeLines(after, c)),
    '',
  ];
}

function riskLines(diffs: readonly EnvironmentDiff[]): string[] {
  const describe = (risk: RiskFlag) => codeSpan(describeObject(risk.object));
  const rows = diffs.flatMap((env) => riskRows(env.risks, describe).map((row) => [
    row.severity === 'refused' ? '⛔ refused' : '⚠️ unsafe',
    env.environment,
    row.subject,
    row.path ? codeSpan(row.path) : 'deleted',
    row.reasons.join('; '),
  ]));
  if (rows.length === 0) return ['### Needs care', '', 'Nothing: no change the API server refuses, no deletion of data.', ''];
  return ['### Needs care', '', ...table(['Severity', 'Environment', 'Object', 'Field', 'Why'], rows), ''];
}

/** Nothing to review: same objects, same content, same name. */
function isQuiet(env: EnvironmentDiff): boolean {
  return isEmptyDiff(env) && env.renamedFrom === undefined;
}

function environmentTitle(env: EnvironmentDiff): string {
  if (env.renamedFrom !== undefined) return `${env.environment} (renamed from ${env.renamedFrom})`;
  return `${env.environment}${env.newEnvironment ? ' (new environment)' : env.removedEnvironment ? ' (environment removed)' : ''}`;
}

/** What a rename really changes: the object count it keeps, and field changes repeated across many objects. */
function renameLines(env: EnvironmentDiff): string[] {
  const total = env.unchanged + env.changed.length + env.removed.length;
  const lines = [
    `Renamed ${codeSpan(`${env.renamedFrom}/`)} → ${codeSpan(`${env.environment}/`)}: compared with the old environment, ${env.unchanged} of ${total} objects are identical.`
      + ' Only what is listed below changes in the cluster; nothing else is deleted or re-created.',
    '',
  ];
  const shared = sharedChanges(env.changed);
  if (shared.length === 0) return lines;
  lines.push('Repeated changes:', '');
  for (const change of shared) {
    const selectors = change.selectors > 0
      ? `, ${change.selectors} of them in label selectors (immutable on Deployments, StatefulSets, DaemonSets and Jobs: see Needs care)`
      : '';
    lines.push(`- ${codeSpan(change.key)}: ${inlineValue(change.before)} → ${inlineValue(change.after)} in ${change.fields} fields of ${change.objects} objects${selectors}`);
  }
  return [...lines, ''];
}

function environmentLines(env: EnvironmentDiff): string[] {
  if (isQuiet(env)) return [];
  const risky = new Set(env.risks.map((risk) => risk.object));
  const lines = [`### ${environmentTitle(env)}`, ''];
  if (env.renamedFrom !== undefined) lines.push(...renameLines(env));
  if (env.added.length > 0) lines.push(`#### Added (${env.added.length})`, '', ...objectRows(env.added), '');
  if (env.removed.length > 0) lines.push(`#### Removed (${env.removed.length})`, '', ...objectRows(env.removed), '');
  if (env.changed.length > 0) {
    lines.push(`#### Changed (${env.changed.length})`, '');
    for (const change of env.changed) lines.push(...changedObjectLines(change, risky.has(change.after)));
  }
  return lines;
}

/**
 * Markdown review of two renders for a pull-request comment: what needs care first, then counts per
 * environment, then per environment the added, removed and changed objects with their changed fields.
 * Identical renders give an explicit "no differences" report.
 */
export function renderDiffReport(diffs: readonly EnvironmentDiff[], labels: ReportLabels): string {
  const title = `## Rendered manifests: ${labels.base} → ${labels.head}`;
  if (diffs.every(isQuiet)) {
    const counts = diffs.map((env) => `${env.environment}: ${env.unchanged} object${env.unchanged === 1 ? '' : 's'}`).join(', ');
    return [title, '', `**No differences.** The rendered manifests are identical${counts ? ` (${counts})` : ''}.`, ''].join('\n');
  }
  const summary = table(
    ['Environment', 'Added', 'Removed', 'Changed', 'Unchanged', 'Needs care'],
    diffs.map((env) => [env.renamedFrom === undefined ? env.environment : environmentTitle(env), ...[env.added, env.removed, env.changed].map((list) => String(list.length)), String(env.unchanged), String(env.risks.length)]),
  );
  return [title, '', ...riskLines(diffs), '### Summary', '', ...summary, '', ...diffs.flatMap(environmentLines)].join('\n');
}
