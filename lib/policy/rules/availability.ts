import { CheckedObject } from '../types';
import { rule, RuleFamily } from './rule';

export const AVAILABILITY_RULES = {
  pdb: rule('AVAIL-PDB',
    'Workload can run more than one replica but no PodDisruptionBudget selects it, so a node drain may take all replicas down',
    'Add a PodDisruptionBudget in the same namespace whose selector matches the pod template labels (e.g. maxUnavailable: 1).'),
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
    const autoscaled = new Map<CheckedObject, number>();
    for (const hpa of inv.ofKind('HorizontalPodAutoscaler')) {
      const ref = hpa.body.spec?.scaleTargetRef ?? {};
      const target = inv.get(ref.kind, hpa.namespace, ref.name);
      if (target) autoscaled.set(target, Math.max(autoscaled.get(target) ?? 0, Number(hpa.body.spec?.maxReplicas ?? 0)));
    }
    const protectedWorkloads = new Set<CheckedObject>();
    for (const pdb of inv.ofKind('PodDisruptionBudget')) {
      // policy/v1: a missing selector selects no pods, an empty one selects the whole namespace.
      if (!pdb.body.spec?.selector) continue;
      for (const t of inv.templatesSelectedBy(pdb.namespace!, pdb.body.spec?.selector)) protectedWorkloads.add(t.owner);
    }
    for (const kind of REPLICATED) {
      for (const w of inv.ofKind(kind)) {
        const replicas = Number(w.body.spec?.replicas ?? 1);
        const maxReplicas = autoscaled.get(w) ?? 0;
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
