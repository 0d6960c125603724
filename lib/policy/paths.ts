/** Builds field paths such as `spec.template.spec.containers[0].ports[1].hostPort`. */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends a key: `a.b` for identifiers, `a["x.y/z"]` for map keys such as labels and annotations. */
export function field(base: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${base}[${JSON.stringify(key)}]`;
  return base ? `${base}.${key}` : key;
}

/** Appends a dotted chain of identifier keys: `at('spec', 'securityContext.runAsUser')`. */
export function at(base: string, keys: string): string {
  return base ? `${base}.${keys}` : keys;
}

/** Appends a list index. */
export function item(base: string, index: number): string {
  return `${base}[${index}]`;
}
