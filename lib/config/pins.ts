import { imageFields } from './registry';
import { environmentSchema } from './schema';
import { isPlainObject } from './schema-walk';

/**
 * What an environment releases: every image pin and the Jenkins plugin pins, by component. Read from the
 * environment as written (before the registry mirror rewrites images), so environments compare by upstream
 * reference whether or not they pull through a mirror.
 */

/** One release-relevant value of an environment. */
export interface Pin {
  /** Stable name users type, e.g. `logging.kibana`, `apps.hello-world.canary`, `ci.agents.nodejs.node`. */
  readonly component: string;
  /** Field path in the environment, e.g. `ci.agents.templates[1].containers[0].image`. */
  readonly path: readonly (string | number)[];
  /** The value: an image reference, or a list of plugin pins. */
  readonly value: string | readonly string[];
}

/** Field names that say nothing in a component name. */
const SILENT = new Set(['image', 'delivery', 'web', 'images', 'containers', 'templates']);
const RENAMED: Readonly<Record<string, string>> = { canaryImage: 'canary' };

/** A readable component name for a field path: list entries by their `name`, noise segments dropped. */
function componentName(input: unknown, path: readonly (string | number)[]): string {
  const parts: string[] = [];
  let node: unknown = input;
  for (const segment of path) {
    node = (node as Record<string | number, unknown>)[segment];
    if (typeof segment === 'number') parts.push(isPlainObject(node) && typeof node.name === 'string' ? node.name : String(segment));
    else if (!SILENT.has(segment)) parts.push(RENAMED[segment] ?? segment);
  }
  return parts.join('.');
}

/** The pins of one environment input, in schema order; throws when the input is not a valid environment. */
export function pinsOf(input: unknown): Pin[] {
  const config = environmentSchema.parse(input);
  const pins: Pin[] = imageFields(environmentSchema, config).map(f => ({ component: componentName(config, f.path), path: f.path, value: f.value }));
  if (config.ci.plugins.install === 'initContainer') {
    pins.push({ component: 'ci.plugins', path: ['ci', 'plugins', 'pins'], value: config.ci.plugins.pins });
  }
  return pins;
}

/** Whether two pin values are the same release. */
export function samePin(a: Pin['value'] | undefined, b: Pin['value'] | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
