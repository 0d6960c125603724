import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../lib/config/schema';
import { backUpClaimVolumes, RestoreHelperConfig, VeleroSchedule } from '../lib/backup/velero';
import { labelTree } from '../lib/core/labels';
import { enabledStackNamespaces } from '../lib/platform/stack-namespaces';

export interface BackupChartProps {
  readonly config: EnvironmentConfig;
  /** StatefulSets whose claim volumes Velero backs up with the file system backup (the Jenkins home). */
  readonly fsBackupWorkloads: readonly ApiObject[];
}

/** Name of the Schedule of the platform's own namespaces. */
export const PLATFORM_SCHEDULE = 'platform';
/** Name of the Schedule of a tenant's namespace. */
export const tenantScheduleName = (tenant: string) => `tenant-${tenant}`;

/**
 * Velero Schedules (`backup.velero`) in Velero's namespace: one for the platform's namespaces,
 * one per opted-in tenant (so a tenant restores on its own), and the restore helper's security
 * context. Velero itself is a cluster prerequisite.
 */
export class BackupChart extends Chart {
  public readonly schedules: VeleroSchedule[] = [];

  constructor(scope: Construct, id: string, props: BackupChartProps) {
    super(scope, id);
    const velero = props.config.backup.velero;
    if (!velero.enabled) throw new Error('BackupChart needs backup.velero.enabled');
    const common = { namespace: velero.namespace, schedule: velero.schedule, ttlHours: velero.ttlHours, storageLocation: velero.storageLocation };
    this.schedules.push(new VeleroSchedule(this, PLATFORM_SCHEDULE, { ...common, name: PLATFORM_SCHEDULE, includedNamespaces: enabledStackNamespaces(props.config) }));
    for (const tenant of velero.tenants) {
      this.schedules.push(new VeleroSchedule(this, `tenant-${tenant}`, { ...common, name: tenantScheduleName(tenant), includedNamespaces: [tenant] }));
    }
    new RestoreHelperConfig(this, 'restore-helper', { namespace: velero.namespace, image: velero.restoreHelperImage });
    for (const workload of props.fsBackupWorkloads) backUpClaimVolumes(workload);
    labelTree(this, { name: 'velero-backups', component: 'backup', partOf: 'backup' });
  }
}
