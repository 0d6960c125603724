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
  readonly risks: readonly RiskFlag[];
}

/** Compares two renders environment by environment (sorted by name); an environment missing on one side is all added/removed. */
export function diffRenders(base: Render, head: Render): EnvironmentDiff[] {
  const environments = [...new Set([...base.keys(), ...head.keys()])].sort();
  return environments.map((environment) => {
    const before = base.get(environment) ?? [];
    const diff = diffObjects(before, head.get(environment) ?? []);
    return {
      environment,
      newEnvironment: !base.has(environment),
      removedEnvironment: !head.has(environment),
      ...diff,
      risks: assessRisks(diff, before),
    };
  });
}
