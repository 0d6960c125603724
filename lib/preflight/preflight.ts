import { apiServerCheck } from './checks/api-server';
import { backupStorageLocationsCheck } from './checks/backup-storage-locations';
import { clusterIssuersCheck } from './checks/cluster-issuers';
import { customResourcesCheck } from './checks/custom-resources';
import { ingressClassCheck } from './checks/ingress-class';
import { metricsApiCheck } from './checks/metrics-api';
import { networkPolicyCheck } from './checks/network-policy';
import { nodeLocalDnsCheck } from './checks/node-local-dns';
import { priorityClassesCheck } from './checks/priority-classes';
import { selectedPodsCheck } from './checks/selected-pods';
import { serverVersionCheck } from './checks/server-version';
import { storageClassesCheck } from './checks/storage-classes';
import { vmMaxMapCountCheck } from './checks/vm-max-map-count';
import { zonesCheck } from './checks/zones';
import { Check, Finding, PreflightContext } from './finding';

/** Every check, in the order the report lists them. */
export const CHECKS: readonly Check[] = [
  serverVersionCheck,
  customResourcesCheck,
  clusterIssuersCheck,
  storageClassesCheck,
  networkPolicyCheck,
  selectedPodsCheck,
  nodeLocalDnsCheck,
  ingressClassCheck,
  metricsApiCheck,
  apiServerCheck,
  zonesCheck,
  priorityClassesCheck,
  vmMaxMapCountCheck,
  backupStorageLocationsCheck,
];

/** Runs every check against the cluster behind `context.kube`. */
export function runChecks(context: PreflightContext): Finding[] {
  return CHECKS.flatMap(check => check(context));
}

/** 1 when something is missing, 3 when nothing is missing but something could not be read, else 0. */
export function exitCode(findings: readonly Finding[]): number {
  if (findings.some(f => f.status === 'missing')) return 1;
  if (findings.some(f => f.status === 'unknown')) return 3;
  return 0;
}
