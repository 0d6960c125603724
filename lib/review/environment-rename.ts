import { KubeObject } from '../core/kube-object';
import { objectKey } from './kube-object';
import { Render } from './render';

/** An environment folder that disappeared while another, holding mostly the same objects, appeared. */
export interface EnvironmentRename {
  readonly from: string;
  readonly to: string;
}

/** Below this share of common objects (of the larger side), a removed and an added environment are two unrelated changes. */
const SAME_ENVIRONMENT = 0.5;

function overlap(a: readonly KubeObject[], b: readonly KubeObject[]): number {
  const keys = new Set(a.map(objectKey));
  const common = b.filter((obj) => keys.has(objectKey(obj))).length;
  return common / Math.max(a.length, b.length, 1);
}

/**
 * Pairs each environment only in `head` with the environment only in `base` whose objects (by
 * apiVersion/kind/namespace/name) it shares most, when they share at least half: a renamed folder
 * (or config name) is then reviewed as the changes between the two, not as everything deleted and re-added.
 */
export function detectRenames(base: Render, head: Render): EnvironmentRename[] {
  const gone = [...base.keys()].filter((env) => !head.has(env));
  const renames: EnvironmentRename[] = [];
  for (const to of [...head.keys()].filter((env) => !base.has(env)).sort()) {
    const candidates = gone
      .filter((from) => !renames.some((r) => r.from === from))
      .map((from) => ({ from, score: overlap(base.get(from)!, head.get(to)!) }))
      .filter((c) => c.score >= SAME_ENVIRONMENT)
      .sort((a, b) => b.score - a.score || (a.from < b.from ? -1 : 1));
    if (candidates.length > 0) renames.push({ from: candidates[0].from, to });
  }
  return renames;
}
