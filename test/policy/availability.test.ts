import { availability, AVAILABILITY_RULES } from '../../lib/policy/rules/availability';
import { describeRules, find, QuietCase, RuleCase } from './fixtures';

const dropPdb = (o: any[]) => { o.splice(o.indexOf(find(o, 'PodDisruptionBudget', 'web')), 1); };
const retention = (o: any[]) => find(o, 'StatefulSet', 'db').spec;

const cases: RuleCase[] = [
  { rule: AVAILABILITY_RULES.pdb, title: 'replicas 2 without PDB', kind: 'Deployment', name: 'web', path: 'spec.template.metadata.labels',
    breakIt: o => { dropPdb(o); o.splice(o.indexOf(find(o, 'HorizontalPodAutoscaler', 'web')), 1); } },
  { rule: AVAILABILITY_RULES.pdb, title: 'replicas 1 but an HPA may scale to 4', kind: 'Deployment', name: 'web', path: 'spec.template.metadata.labels',
    breakIt: o => { dropPdb(o); find(o, 'Deployment', 'web').spec.replicas = 1; } },
  { rule: AVAILABILITY_RULES.pdb, title: 'PDB selects other pods', kind: 'StatefulSet', name: 'db', path: 'spec.template.metadata.labels',
    breakIt: o => { retention(o).replicas = 3; } },
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
  { title: 'an empty PDB selector protects the whole namespace', change: o => {
    find(o, 'PodDisruptionBudget', 'web').spec.selector = {};
    retention(o).replicas = 3;
  } },
];

describe('availability', () => {
  describeRules(availability, cases, quiet);
});
