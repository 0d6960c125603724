/** Kubernetes label selector semantics (`matchLabels` + `matchExpressions`). */

export type Labels = Readonly<Record<string, string>>;

export interface LabelSelector {
  readonly matchLabels?: Labels;
  readonly matchExpressions?: ReadonlyArray<{ key: string; operator: string; values?: string[] }>;
}

/** True when the selector selects nothing in particular, i.e. every pod (`{}` or absent). */
export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return !selector
    || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
}

/** Whether `labels` satisfy a full LabelSelector. */
export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  return labelsMatch(selector.matchLabels ?? {}, labels)
    && (selector.matchExpressions ?? []).every(e => expressionMatches(e, labels));
}

/** Whether `labels` contain every pair of a plain map selector (Service, matchLabels). */
export function labelsMatch(wanted: Labels, labels: Labels): boolean {
  for (const [k, v] of Object.entries(wanted)) {
    if (labels[k] !== v) return false;
  }
  return true;
}

function expressionMatches(e: { key: string; operator: string; values?: string[] }, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, e.key);
  switch (e.operator) {
    case 'In': return has && (e.values ?? []).includes(labels[e.key]);
    case 'NotIn': return !has || !(e.values ?? []).includes(labels[e.key]);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    default: return false;
  }
}
