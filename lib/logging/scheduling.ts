import { k8s } from 'cdk8s-plus-27';

/** How strictly replicas of one workload avoid sharing a node. */
export type AntiAffinity = 'required' | 'preferred';

/** Pod anti-affinity on `kubernetes.io/hostname` for the pods matching `selector`. */
export function hostAntiAffinity(mode: AntiAffinity, selector: Record<string, string>): k8s.Affinity {
  const term: k8s.PodAffinityTerm = { labelSelector: { matchLabels: { ...selector } }, topologyKey: 'kubernetes.io/hostname' };
  return {
    podAntiAffinity: mode === 'required'
      ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
      : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
  };
}

/** Best-effort spread over zones: never blocks scheduling when a zone is full or missing. */
export function zoneSpread(selector: Record<string, string>): k8s.TopologySpreadConstraint[] {
  return [{
    maxSkew: 1,
    topologyKey: 'topology.kubernetes.io/zone',
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: { ...selector } },
  }];
}
