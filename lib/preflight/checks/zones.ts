import { fieldsWithValue, ZONE_SPREAD_FIELDS } from '../config-fields';
import { Check, describeObject, Finding, podSpecOf, RenderedObject, unknownFinding } from '../finding';

/** The well-known node label zone spreads count (set by cloud providers, by hand elsewhere). */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** A workload spread over zones, and the fewest replicas it runs. */
interface ZoneSpread { readonly workload: string; readonly minReplicas: number }

/** Workloads with a zone topology spread, each with its replica count (an HPA's `minReplicas` when one scales it). */
export function zoneSpreads(objects: readonly RenderedObject[]): ZoneSpread[] {
  const autoscalers = objects.filter(o => o.kind === 'HorizontalPodAutoscaler');
  return objects
    .filter(o => (podSpecOf(o)?.topologySpreadConstraints ?? []).some((c: any) => c.topologyKey === ZONE_LABEL))
    .map(o => {
      const hpa = autoscalers.find(h => h.metadata.namespace === o.metadata.namespace && h.spec.scaleTargetRef.kind === o.kind && h.spec.scaleTargetRef.name === o.metadata.name);
      return { workload: describeObject(o), minReplicas: hpa?.spec.minReplicas ?? o.spec.replicas ?? 1 };
    });
}

/**
 * Enough zones for the spread: with `maxSkew: 1`, a workload puts every replica of its smallest scale in
 * its own zone when there are at least that many zones, so losing one zone costs it one replica (and
 * Elasticsearch's three masters keep their quorum). The render needs the largest such count.
 */
export const zonesCheck: Check = ({ config, objects, kube }) => {
  const spreads = zoneSpreads(objects);
  if (spreads.length === 0) return [];
  const needed = Math.max(...spreads.map(s => s.minReplicas));
  const widest = spreads.filter(s => s.minReplicas === needed).map(s => s.workload);
  const fields = fieldsWithValue(config, ZONE_SPREAD_FIELDS, true);
  const base = { check: 'zones', subject: `${needed} zones (${ZONE_LABEL})`, fields };
  const nodes = kube.get({ resource: 'nodes' });
  if (nodes.kind === 'unknown') return [unknownFinding(base, nodes)];
  const schedulable = (nodes.kind === 'found' ? nodes.value.items : []).filter((n: any) => !n.spec?.unschedulable);
  const zones = [...new Set(schedulable.map((n: any) => n.metadata.labels?.[ZONE_LABEL]).filter(Boolean))] as string[];
  const finding: Finding = zones.length >= needed
    ? { ...base, status: 'ok', detail: `${zones.length} zones on schedulable nodes: ${zones.join(', ')}` }
    : {
      ...base, status: 'missing',
      detail: `${zones.length} zone${zones.length === 1 ? '' : 's'} on schedulable nodes${zones.length ? ` (${zones.join(', ')})` : ''}; ${widest.join(', ')} runs ${needed} replicas, one per zone`,
      fix: `add nodes in more zones or label them ${ZONE_LABEL}, or turn off ${fields.join(' / ')}`,
    };
  return [finding];
};
