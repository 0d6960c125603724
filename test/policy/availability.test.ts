import { availability, AVAILABILITY_RULES } from '../../lib/policy/rules/availability';
import { describeRules, find, QuietCase, RuleCase } from './fixtures';

const dropPdb = (o: any[]) => { o.splice(o.indexOf(find(o, 'PodDisruptionBudget', 'web')), 1); };
const retention = (o: any[]) => find(o, 'StatefulSet', 'db').spec;
/** The web PDB with `budget` instead of its maxUnavailable: 1 (web runs 2 replicas, its HPA 2 to 4). */
const budget = (o: any[], b: object) => {
  const spec = find(o, 'PodDisruptionBudget', 'web').spec;
  delete spec.maxUnavailable;
  Object.assign(spec, b);
};
const pdbCase = (title: string, field: string, b: object): RuleCase => ({
  rule: AVAILABILITY_RULES.pdbBlocks, title, kind: 'PodDisruptionBudget', name: 'web', path: `spec.${field}`, breakIt: o => budget(o, b),
});

const cases: RuleCase[] = [
  { rule: AVAILABILITY_RULES.pdb, title: 'replicas 2 without PDB', kind: 'Deployment', name: 'web', path: 'spec.template.metadata.labels',
    breakIt: o => { dropPdb(o); o.splice(o.indexOf(find(o, 'HorizontalPodAutoscaler', 'web')), 1); } },
  { rule: AVAILABILITY_RULES.pdb, title: 'replicas 1 but an HPA may scale to 4', kind: 'Deployment', name: 'web', path: 'spec.template.metadata.labels',
    breakIt: o => { dropPdb(o); find(o, 'Deployment', 'web').spec.replicas = 1; } },
  { rule: AVAILABILITY_RULES.pdb, title: 'PDB selects other pods', kind: 'StatefulSet', name: 'db', path: 'spec.template.metadata.labels',
    breakIt: o => { retention(o).replicas = 3; } },
  pdbCase('maxUnavailable 0', 'maxUnavailable', { maxUnavailable: 0 }),
  pdbCase('maxUnavailable 0%', 'maxUnavailable', { maxUnavailable: '0%' }),
  pdbCase('minAvailable equal to the HPA minReplicas', 'minAvailable', { minAvailable: 2 }),
  pdbCase('minAvailable 100%', 'minAvailable', { minAvailable: '100%' }),
  { ...pdbCase('minAvailable 60% of one replica rounds up to it', 'minAvailable', { minAvailable: '60%' }),
    breakIt: o => { budget(o, { minAvailable: '60%' }); o.splice(o.indexOf(find(o, 'HorizontalPodAutoscaler', 'web')), 1); find(o, 'Deployment', 'web').spec.replicas = 1; } },
  { rule: AVAILABILITY_RULES.retention, title: 'whenDeleted Delete', kind: 'StatefulSet', name: 'db',
    path: 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted', breakIt: o => { retention(o).persistentVolumeClaimRetentionPolicy.whenDeleted = 'Delete'; } },
  { rule: AVAILABILITY_RULES.retention, title: 'whenScaled Delete', kind: 'StatefulSet', name: 'db',
    path: 'spec.persistentVolumeClaimRetentionPolicy.whenScaled', breakIt: o => { retention(o).persistentVolumeClaimRetentionPolicy = { whenScaled: 'Delete' }; } },
];

const quiet: QuietCase[] = [
  { title: 'absent retention policy means Retain', change: o => { delete retention(o).persistentVolumeClaimRetentionPolicy; } },
  { title: 'single replica without HPA needs no PDB', change: o => {
    dropPdb(o);
    o.splice(o.indexOf(find(o, 'HorizontalPodAutoscaler', 'web')), 1);
    find(o, 'Deployment', 'web').spec.replicas = 1;
  } },
  { title: 'minAvailable 1, below the lowest replica count (2)', change: o => budget(o, { minAvailable: 1 }) },
  { title: 'minAvailable 50% of 2 replicas allows one eviction', change: o => budget(o, { minAvailable: '50%' }) },
  { title: 'minAvailable on pods of no counted workload (DaemonSet) is not judged', change: o => {
    o.push({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'agent', namespace: 'agents' },
      spec: { minAvailable: 1, selector: { matchLabels: find(o, 'DaemonSet', 'agent').spec.selector.matchLabels } } });
  } },
  { title: 'an empty PDB selector protects the whole namespace', change: o => {
    find(o, 'PodDisruptionBudget', 'web').spec.selector = {};
    retention(o).replicas = 3;
  } },
];

describe('availability', () => {
  describeRules(availability, cases, quiet);
});
