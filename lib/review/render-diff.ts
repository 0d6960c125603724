import { detectRenames } from './environment-rename';
import { diffObjects, ObjectDiff } from './object-diff';
import { Render } from './render';
import { assessRisks, RiskFlag } from './risk';

/** The review of one environment. */
export interface EnvironmentDiff extends ObjectDiff {
  readonly environment: string;
  /** True when only the head render has this environment. */
  readonly newEnvironment: boolean;
  /** True when only the base render has this environment. */
  readonly removedEnvironment: boolean;
  /** Set when this environment replaces a removed one holding mostly the same objects: the diff is against that one. */
  readonly renamedFrom?: string;
  readonly risks: readonly RiskFlag[];
}

/**
 * Compares two renders environment by environment (sorted by name). An environment missing on one side is
 * all added/removed, unless it is a rename (see detectRenames): then the new name is compared with the old one.
 */
export function diffRenders(base: Render, head: Render): EnvironmentDiff[] {
  const renames = detectRenames(base, head);
  const environments = [...new Set([...base.keys(), ...head.keys()])]
    .filter((env) => !renames.some((r) => r.from === env))
    .sort();
  return environments.map((environment) => {
    const renamedFrom = renames.find((r) => r.to === environment)?.from;
    const baseName = renamedFrom ?? environment;
    const before = base.get(baseName) ?? [];
    const diff = diffObjects(before, head.get(environment) ?? []);
    return {
      environment,
      newEnvironment: !base.has(baseName),
      removedEnvironment: !head.has(environment),
      ...(renamedFrom !== undefined && { renamedFrom }),
      ...diff,
      risks: assessRisks(diff, before),
    };
  });
}
