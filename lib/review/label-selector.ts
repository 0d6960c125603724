import { NAMESPACE_NAME_LABEL } from '../core/platform-keys';
import { LabelSelector } from '../policy/selectors';

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
