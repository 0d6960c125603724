/** A Kubernetes label selector (`matchLabels` AND every `matchExpressions` entry). */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

export type Labels = Readonly<Record<string, string>>;

/** Label set by the API server on every Namespace (Kubernetes ≥ 1.21): how policies pin a namespace by name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Kubernetes semantics: an empty selector matches everything. */
export function matchesSelector(selector: LabelSelector | undefined, labels: Labels): boolean {
  const matchLabels = Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  return matchLabels && (selector?.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'In': return key in labels && values.includes(labels[key]);
      case 'NotIn': return !(key in labels) || !values.includes(labels[key]);
      case 'Exists': return key in labels;
      case 'DoesNotExist': return !(key in labels);
      default: throw new Error(`unknown label selector operator ${operator}`);
    }
  });
}

export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return Object.keys(selector?.matchLabels ?? {}).length === 0 && (selector?.matchExpressions ?? []).length === 0;
}

/**
 * Namespace names a selector is restricted to through `kubernetes.io/metadata.name` (equality or `In`),
 * or undefined when it selects namespaces by other labels only.
 */
export function pinnedNames(selector: LabelSelector | undefined): string[] | undefined {
  const name = selector?.matchLabels?.[NAMESPACE_NAME_LABEL];
  if (name !== undefined) return [name];
  const expression = selector?.matchExpressions?.find((e) => e.key === NAMESPACE_NAME_LABEL && e.operator === 'In');
  return expression ? [...(expression.values ?? [])].sort() : undefined;
}

/** `app.kubernetes.io/name=web, tier in (a,b)`; `all` for an empty selector. */
export function describeSelector(selector: LabelSelector | undefined): string {
  const parts = [
    ...Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`),
    ...(selector?.matchExpressions ?? []).map(({ key, operator, values = [] }) => {
      if (operator === 'Exists') return key;
      if (operator === 'DoesNotExist') return `!${key}`;
      return `${key} ${operator.toLowerCase() === 'in' ? 'in' : 'notin'} (${values.join(',')})`;
    }),
  ];
  return parts.length === 0 ? 'all' : parts.join(', ');
}
