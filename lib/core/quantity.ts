/**
 * Kubernetes resource quantities (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/).
 * Only non-negative values: nothing in this platform's configuration may be negative.
 */
export const QUANTITY_PATTERN = /^(\d+(\.\d+)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+)?$/;

const SUFFIX_FACTORS: Record<string, number> = {
  '': 1,
  'm': 1e-3,
  'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18,
  'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60,
};

/** True when `value` is a valid non-negative Kubernetes quantity. */
export function isQuantity(value: string): boolean {
  return QUANTITY_PATTERN.test(value);
}

/** The numeric value of a quantity in base units (bytes for memory, cores for CPU). */
export function parseQuantity(value: string): number {
  const match = QUANTITY_PATTERN.exec(value);
  if (!match) throw new Error(`"${value}" is not a Kubernetes quantity`);
  const number = Number(match[1]);
  const suffix = match[3] ?? '';
  if (/^[eE]/.test(suffix)) return number * 10 ** Number(suffix.slice(1));
  return number * SUFFIX_FACTORS[suffix];
}

/**
 * The value of a quantity, or NaN when it is not one: for cross-field config rules, which run
 * even when a field failed its own check (every comparison with NaN is false, so they stay quiet
 * and the field's own error is the one reported).
 */
export function quantityOrNaN(value: string): number {
  return isQuantity(value) ? parseQuantity(value) : NaN;
}

/** Whole mebibytes in a memory quantity, rounded down (JVM and Node.js heap flags take MiB). */
export function toMebibytes(value: string): number {
  return Math.floor(parseQuantity(value) / 2 ** 20);
}

/** The value of a quantity read from a parsed manifest (a string, or a bare YAML number); undefined if it is not one. */
export function quantityValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && isQuantity(value) ? parseQuantity(value) : undefined;
}
