import { CheckedObject, Report } from '../types';
import { rule, RuleFamily } from './rule';

export const AVAILABILITY_RULES = {
  pdb: rule('AVAIL-PDB',
    'Workload can run more than one replica but no PodDisruptionBudget selects it, so a node drain may take all replicas down',
    'Add a PodDisruptionBudget in the same namespace whose selector matches the pod template labels (e.g. maxUnavailable: 1).'),
  pdbBlocks: rule('AVAIL-PDB-BLOCKS-EVICTION',
    'PodDisruptionBudget allows no voluntary eviction (maxUnavailable 0, or minAvailable at least the replicas it protects), so every node drain hangs on it',
    'Allow at least one disruption: maxUnavailable: 1 (it follows the replica count), or a minAvailable below the lowest replica count.'),
  retention: rule('AVAIL-STS-RETENTION',
    'StatefulSet deletes its volume claims when deleted or scaled down, so data is lost',
    'Set spec.persistentVolumeClaimRetentionPolicy.whenDeleted and whenScaled to Retain (or leave them unset: Retain is the default).'),
};

const REPLICATED = ['Deployment', 'StatefulSet', 'ReplicaSet'];

/**
 * A workload that can run more than one replica (spec.replicas > 1, or targeted by an HPA with maxReplicas > 1)
 * has a PDB selecting its pods; DaemonSets (one pod per node, skipped by drains) and Jobs are out of scope.
 * A StatefulSet with volumeClaimTemplates keeps its claims: an absent retention policy means Retain in Kubernetes,
 * so only an explicit Delete is reported.
 */
export const availability: RuleFamily = {
  rules: Object.values(AVAILABILITY_RULES),
  check(inv, report) {
    const autoscaled = new Map<CheckedObject, { min: number; max: number }>();
    for (const hpa of inv.ofKind('HorizontalPodAutoscaler')) {
      const ref = hpa.body.spec?.scaleTargetRef ?? {};
      const target = inv.get(ref.kind, hpa.namespace, ref.name);
      const min = Number(hpa.body.spec?.minReplicas ?? 1);
      const max = Number(hpa.body.spec?.maxReplicas ?? 0);
      if (!target) continue;
      const seen = autoscaled.get(target);
      autoscaled.set(target, { min: Math.min(seen?.min ?? min, min), max: Math.max(seen?.max ?? 0, max) });
    }
    const protectedWorkloads = new Set<CheckedObject>();
    for (const pdb of inv.ofKind('PodDisruptionBudget')) {
      // policy/v1: a missing selector selects no pods, an empty one selects the whole namespace.
      const selector = pdb.body.spec?.selector;
      const owners = new Set(selector ? inv.templatesSelectedBy(pdb.namespace!, selector).map(t => t.owner) : []);
      owners.forEach(w => protectedWorkloads.add(w));
      checkBudget(pdb, owners, autoscaled, report);
    }
    for (const kind of REPLICATED) {
      for (const w of inv.ofKind(kind)) {
        const replicas = Number(w.body.spec?.replicas ?? 1);
        const maxReplicas = autoscaled.get(w)?.max ?? 0;
        if ((replicas > 1 || maxReplicas > 1) && !protectedWorkloads.has(w)) {
          const why = maxReplicas > 1 ? `HPA maxReplicas ${maxReplicas}` : `replicas ${replicas}`;
          report(AVAILABILITY_RULES.pdb, w, 'spec.template.metadata.labels', `${why}; no PDB selects these labels`);
        }
      }
    }
    for (const sts of inv.ofKind('StatefulSet')) {
      if ((sts.body.spec?.volumeClaimTemplates ?? []).length === 0) continue;
      const policy = sts.body.spec?.persistentVolumeClaimRetentionPolicy ?? {};
      for (const f of ['whenDeleted', 'whenScaled']) {
        if (policy[f] !== undefined && policy[f] !== 'Retain') {
          report(AVAILABILITY_RULES.retention, sts, `spec.persistentVolumeClaimRetentionPolicy.${f}`, `${f}: ${policy[f]}`);
        }
      }
    }
  },
};

/**
 * A budget that allows no disruption even at the lowest replica count: `maxUnavailable` 0 or 0 %, or `minAvailable`
 * at least the pods of the workloads it selects (their replicas, or an HPA's minReplicas). Percentages round up, as
 * the disruption controller rounds them. Pods of other owners (DaemonSets, bare Pods) have no known count: skipped.
 */
function checkBudget(pdb: CheckedObject, owners: ReadonlySet<CheckedObject>, autoscaled: ReadonlyMap<CheckedObject, { min: number }>, report: Report): void {
  const spec = pdb.body.spec ?? {};
  if (spec.maxUnavailable === 0 || spec.maxUnavailable === '0%') {
    return report(AVAILABILITY_RULES.pdbBlocks, pdb, 'spec.maxUnavailable', `maxUnavailable: ${JSON.stringify(spec.maxUnavailable)}`);
  }
  if (spec.minAvailable === undefined || owners.size === 0 || [...owners].some(w => !REPLICATED.includes(w.kind))) return;
  let pods = 0;
  for (const w of owners) pods += autoscaled.get(w)?.min ?? Number(w.body.spec?.replicas ?? 1);
  const percent = /^(\d+)%$/.exec(String(spec.minAvailable));
  const minAvailable = percent ? Math.ceil(Number(percent[1]) * pods / 100) : Number(spec.minAvailable);
  if (pods > 0 && minAvailable >= pods) {
    report(AVAILABILITY_RULES.pdbBlocks, pdb, 'spec.minAvailable', `minAvailable ${JSON.stringify(spec.minAvailable)} with ${pods} pod${pods === 1 ? '' : 's'}`);
  }
}
