import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { EXTERNAL_NAMESPACES_ANNOTATION } from '../core/platform-keys';

/**
 * How Velero behaves, as read in vmware-tanzu/velero at v1.14.1 (the release tested on Kubernetes 1.27):
 * - pkg/apis/velero/v1/labels_annotations.go: the pod annotation `backup.velero.io/backup-volumes`
 *   lists the volumes to back up with the file-system (node agent) backup;
 * - pkg/util/podvolume/pod_volume.go: with `defaultVolumesToFsBackup: false` only those annotated
 *   volumes are backed up (so emptyDirs, and the Fluentd buffer, a hostPath, never are; hostPath
 *   volumes cannot be backed up at all);
 * - pkg/restore/actions/pod_volume_restore_action.go: a restored pod gets a `restore-wait` init
 *   container (100m CPU, 128Mi) whose security context comes from the ConfigMap labelled
 *   `velero.io/plugin-config` and `velero.io/pod-volume-restore: RestoreItemAction` in Velero's
 *   namespace (keys `secCtx`, `image`, ...), else none, which the `restricted` Pod Security level refuses; its
 *   image is `image` when that names a registry and a tag, else Velero's own on Docker Hub (`getImage`);
 * - the node agent reads volumes from the node's /var/lib/kubelet/pods: no network flow to the pods.
 */
export const VELERO = {
  apiVersion: 'velero.io/v1',
  version: 'v1.14.1',
  backupVolumesAnnotation: 'backup.velero.io/backup-volumes',
  restoreHelperConfigLabels: { 'velero.io/plugin-config': '', 'velero.io/pod-volume-restore': 'RestoreItemAction' },
} as const;

export interface VeleroScheduleProps {
  /** Schedule name (the backups are `<name>-<timestamp>`). */
  readonly name: string;
  /** Velero's namespace. */
  readonly namespace: string;
  /** Five-field cron. */
  readonly schedule: string;
  /** Namespaces to back up. */
  readonly includedNamespaces: readonly string[];
  /** How long a backup is kept, in hours. */
  readonly ttlHours: number;
  /** The BackupStorageLocation to write to. */
  readonly storageLocation: string;
}

/**
 * A Velero `Schedule`: the namespaces' objects, plus the file-system backup of the pod volumes
 * that opted in by annotation (`fsBackupAnnotation`). No volume snapshots: no snapshot provider is
 * assumed, and Elasticsearch data is covered by its own snapshots.
 */
export class VeleroSchedule extends Construct {
  public readonly name: string;
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: VeleroScheduleProps) {
    super(scope, id);
    this.name = props.name;
    this.apiObject = new ApiObject(this, 'schedule', {
      apiVersion: VELERO.apiVersion,
      kind: 'Schedule',
      // Velero's namespace belongs to Velero (a prerequisite): the guardrails accept it by this annotation.
      metadata: { name: props.name, namespace: props.namespace, annotations: { [EXTERNAL_NAMESPACES_ANNOTATION]: props.namespace } },
      spec: {
        schedule: props.schedule,
        useOwnerReferencesInBackup: false,
        template: {
          // includeClusterResources unset: the PersistentVolumes of the claims are backed up with them, which a
          // restore needs to re-provision an empty volume for the file-system data (pkg/restore/restore.go,
          // pvsToProvision); `false` would restore claims bound to volumes that no longer exist.
          includedNamespaces: [...props.includedNamespaces],
          storageLocation: props.storageLocation,
          ttl: `${props.ttlHours}h0m0s`,
          snapshotVolumes: false,
          defaultVolumesToFsBackup: false,
        },
      },
    });
  }
}

/** The `backup.velero.io/backup-volumes` annotation for these pod volumes. */
export function fsBackupAnnotation(volumes: readonly string[]): Record<string, string> {
  return { [VELERO.backupVolumesAnnotation]: volumes.join(',') };
}

/**
 * Opts a StatefulSet's claim volumes (`volumeClaimTemplates`) into the file-system backup, by
 * annotating its pod template. For workloads built elsewhere, so their construct need not know Velero.
 */
export function backUpClaimVolumes(statefulSet: ApiObject): string[] {
  const volumes: string[] = (statefulSet.toJson().spec?.volumeClaimTemplates ?? []).map((t: any) => t.metadata.name);
  if (volumes.length === 0) throw new Error(`${statefulSet.name} has no volumeClaimTemplates to back up`);
  const key = VELERO.backupVolumesAnnotation.replace(/\//g, '~1');
  statefulSet.addJsonPatch(JsonPatch.add(`/spec/template/metadata/annotations/${key}`, volumes.join(',')));
  return volumes;
}

export interface RestoreHelperConfigProps {
  /** Velero's namespace. */
  readonly namespace: string;
  /** @default 'fs-restore-action-config' */
  readonly name?: string;
  /** A non-root uid for the helper (its image's user is not numeric). @default 65532 */
  readonly runAsUser?: number;
  /**
   * The helper image, with its registry and tag: without one Velero uses `velero/velero-restore-helper:<its version>`
   * from Docker Hub (internal/velero/images.go; an image without a registry part is also replaced by that).
   */
  readonly image: string;
}

/**
 * Velero's configuration of the `restore-wait` init container it adds to restored pods: a
 * security context that meets `restricted`, so a restore into the platform's namespaces is admitted.
 */
export class RestoreHelperConfig extends Construct {
  constructor(scope: Construct, id: string, props: RestoreHelperConfigProps) {
    super(scope, id);
    const uid = props.runAsUser ?? 65532;
    const securityContext = {
      runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    };
    new k8s.KubeConfigMap(this, 'config', {
      metadata: {
        name: props.name ?? 'fs-restore-action-config', namespace: props.namespace,
        labels: { ...VELERO.restoreHelperConfigLabels }, annotations: { [EXTERNAL_NAMESPACES_ANNOTATION]: props.namespace },
      },
      // Parsed with sigs.k8s.io/yaml UnmarshalStrict into a SecurityContext: JSON is valid YAML.
      data: { secCtx: JSON.stringify(securityContext), image: props.image },
    });
  }
}
