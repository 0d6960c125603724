/** Kubernetes label selector semantics (`matchLabels` AND every `matchExpressions` entry). */

export type Labels = Readonly<Record<string, string>>;

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: Labels;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

/** True when the selector selects nothing in particular, i.e. everything (`{}` or absent). */
export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return Object.keys(selector?.matchLabels ?? {}).length === 0 && (selector?.matchExpressions ?? []).length === 0;
}

/**
 * Whether `labels` satisfy a selector; an absent or empty selector matches everything (how NetworkPolicy and
 * PodDisruptionBudget selectors read). An unknown operator makes the selector invalid, as it is for the API
 * server (`LabelSelectorAsSelector` fails): that throws rather than quietly selecting nothing.
 */
export function matchesSelector(selector: LabelSelector | undefined, labels: Labels): boolean {
  return Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => has(labels, key) && labels[key] === value)
    && (selector?.matchExpressions ?? []).every(requirement => requirementMatches(requirement, labels));
}

function requirementMatches({ key, operator, values = [] }: LabelSelectorRequirement, labels: Labels): boolean {
  switch (operator) {
    case 'In': return has(labels, key) && values.includes(labels[key]);
    case 'NotIn': return !has(labels, key) || !values.includes(labels[key]);
    case 'Exists': return has(labels, key);
    case 'DoesNotExist': return !has(labels, key);
    default: throw new Error(`invalid label selector: unknown operator "${operator}" for key "${key}" (expected In, NotIn, Exists or DoesNotExist)`);
  }
}

// Own keys only: a label named e.g. `constructor` must not match through the prototype.
function has(labels: Labels, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, key);
}
