import { compareStrings } from '../core/compare';
import { RiskFlag } from './risk';

/** One row of the "needs care" table: a single flag, or the deletions of one namespace taken together. */
export interface RiskRow {
  readonly severity: RiskFlag['severity'];
  /** What is concerned: one object, or e.g. `31 objects in namespace logging (2 StatefulSet, …)`. */
  readonly subject: string;
  /** The field concerned; absent for deletions. */
  readonly path?: string;
  /** Every distinct reason, each named once. */
  readonly reasons: readonly string[];
  /** The flags the row stands for. */
  readonly flags: readonly RiskFlag[];
}

/** The namespace a deletion belongs to: a Namespace belongs to itself, cluster-scoped objects to none (''). */
function deletionGroup(flag: RiskFlag): string {
  return flag.object.kind === 'Namespace' ? flag.object.metadata.name : flag.object.metadata.namespace ?? '';
}

function kindCounts(flags: readonly RiskFlag[]): string {
  const counts = new Map<string, number>();
  for (const flag of flags) counts.set(flag.object.kind, (counts.get(flag.object.kind) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => compareStrings(a, b)).map(([kind, n]) => `${n} ${kind}`).join(', ');
}

/**
 * Rows for the flags of one environment. Refused changes stay one row each (each needs its own recreate);
 * unsafe deletions are grouped per namespace, so disabling a component is one row with counts per kind and
 * each data-loss reason named once, not one row per object.
 */
export function riskRows(flags: readonly RiskFlag[], describe: (flag: RiskFlag) => string): RiskRow[] {
  const rows: RiskRow[] = [];
  const deletions = new Map<string, RiskFlag[]>();
  for (const flag of flags) {
    if (flag.path !== undefined) {
      rows.push({ severity: flag.severity, subject: describe(flag), path: flag.path, reasons: [flag.reason], flags: [flag] });
      continue;
    }
    const group = deletions.get(deletionGroup(flag)) ?? [];
    group.push(flag);
    deletions.set(deletionGroup(flag), group);
  }
  for (const [namespace, group] of deletions) {
    const reasons = [...new Set(group.map((flag) => flag.reason))];
    const where = namespace === '' ? 'cluster-scoped objects' : `objects in namespace ${namespace}`;
    const subject = group.length === 1 ? describe(group[0]) : `${group.length} ${where} (${kindCounts(group)})`;
    rows.push({ severity: 'unsafe', subject, reasons, flags: group });
  }
  return rows;
}
