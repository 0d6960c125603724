import { k8s } from './k8s';

/** How strictly replicas of one workload avoid sharing a node. */
export type AntiAffinity = 'required' | 'preferred';

/** Pod anti-affinity on `kubernetes.io/hostname` for the pods matching `selector`. */
export function hostAntiAffinity(mode: AntiAffinity, selector: Readonly<Record<string, string>>): k8s.Affinity {
  const term: k8s.PodAffinityTerm = { labelSelector: { matchLabels: { ...selector } }, topologyKey: 'kubernetes.io/hostname' };
  return {
    podAntiAffinity: mode === 'required'
      ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
      : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
  };
}

export interface SpreadOptions {
  /**
   * Count only pods of the same Deployment revision (`pod-template-hash`), so a rollout does not
   * pile the new pods where the old ones were. Deployments only: StatefulSet pods have no such label.
   * @default false
   */
  readonly perRevision?: boolean;
}

/** Spread over nodes, strictly: a pod stays pending rather than share a node beyond a skew of 1. */
export function hostSpread(selector: Readonly<Record<string, string>>, options: SpreadOptions = {}): k8s.TopologySpreadConstraint {
  return spread('kubernetes.io/hostname', 'DoNotSchedule', selector, options);
}

/** Best-effort spread over zones: never blocks scheduling when a zone is full or missing. */
export function zoneSpread(selector: Readonly<Record<string, string>>, options: SpreadOptions = {}): k8s.TopologySpreadConstraint {
  return spread('topology.kubernetes.io/zone', 'ScheduleAnyway', selector, options);
}

function spread(topologyKey: string, whenUnsatisfiable: string, selector: Readonly<Record<string, string>>, options: SpreadOptions): k8s.TopologySpreadConstraint {
  return {
    topologyKey,
    maxSkew: 1,
    whenUnsatisfiable,
    labelSelector: { matchLabels: { ...selector } },
    matchLabelKeys: options.perRevision ? ['pod-template-hash'] : undefined,
  };
}
