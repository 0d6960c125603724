import { readFileSync } from 'fs';
import { join } from 'path';
import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { ES_CONFIG_DIR, ES_HOME } from './elasticsearch-config';
import { helperResources } from '../core/resources';
import { WorkloadContainer } from '../core/workload-pod';
import { DeclaredSecret } from '../secrets/declared-secret';
import type { SetupStep } from './setup-step';
import { writeYaml } from '../core/write-yaml';

/**
 * How the pinned Elasticsearch 8.19 image takes snapshot settings (elastic/elasticsearch 8.x sources; the
 * mirror of the tag itself was too large to fetch here, so these were read from stored 8.x copies):
 * - modules/repository-s3 (built in): `s3.client.<client>.endpoint`, `.protocol` and
 *   `.path_style_access` are node settings (elasticsearch.yml); `.access_key` and `.secret_key` are
 *   secure settings, read only from the keystore (S3ClientSettings.java).
 * - distribution/docker/src/docker/bin/docker-entrypoint.sh has no variable for keystore entries: it
 *   creates `config/elasticsearch.keystore` only if missing and then adds `bootstrap.password`. So an
 *   init container builds the keystore in the config emptyDir and the entrypoint adds to it:
 *   `bin/elasticsearch-keystore add --stdin --force <setting>` (distribution/tools/keystore-cli,
 *   AddStringKeyStoreCommand.java: one line from stdin, so a trailing newline in the Secret is dropped;
 *   `--force` overwrites and creates the keystore if necessary). The CLI runs a JVM with `-Xms4m -Xmx64m`.
 * - an `fs` repository's location must be listed in `path.repo` on every node.
 */
export const SNAPSHOT_FACTS = {
  s3Client: 'default',
  keystoreCli: `${ES_HOME}/bin/elasticsearch-keystore`,
  /** Memory of the keystore init container: the CLI's 64 MiB heap plus the JVM's own. */
  keystoreMemory: '256Mi',
} as const;

/** Where an `fs` repository's shared volume is mounted on every node. */
export const FS_REPOSITORY_PATH = `${ES_HOME}/snapshots`;

/** Key names of the S3 credentials Secret and the keystore setting each one fills. */
export const S3_CREDENTIAL_KEYS = {
  'access-key': `s3.client.${SNAPSHOT_FACTS.s3Client}.access_key`,
  'secret-key': `s3.client.${SNAPSHOT_FACTS.s3Client}.secret_key`,
} as const;

/** The operator-created Secret with the S3 access key pair, in the Elasticsearch namespace. */
export function s3CredentialsSecret(namespace: string, name = 'elasticsearch-snapshot-s3'): DeclaredSecret {
  return DeclaredSecret.external({
    name, namespaces: [namespace], keys: Object.keys(S3_CREDENTIAL_KEYS),
    description: 'Access key pair of the S3 bucket of Elasticsearch snapshots (needs list, get, put and delete on the bucket); loaded into the nodes\' keystore at start-up.',
  });
}

/** An S3 (or S3-compatible) snapshot repository. */
export interface S3SnapshotStorage {
  readonly type: 's3';
  readonly bucket: string;
  /** Host[:port] of an S3-compatible store. @default - AWS S3 */
  readonly endpoint?: string;
  /** @default 'https' */
  readonly protocol?: 'https' | 'http';
  /** Path-style URLs (most S3-compatible stores). @default false */
  readonly pathStyleAccess?: boolean;
  /** Folder inside the bucket. @default - the bucket root */
  readonly basePath?: string;
  /** Keys `access-key` and `secret-key` (see `s3CredentialsSecret`). */
  readonly credentials: DeclaredSecret;
}

/** A shared-filesystem repository on a ReadWriteMany PersistentVolumeClaim. */
export interface FsSnapshotStorage {
  readonly type: 'fs';
  /** The claim, created by `SnapshotVolume` (or by hand). */
  readonly claimName: string;
}

/** Where a cluster's snapshots are written. */
export type SnapshotStorage = S3SnapshotStorage | FsSnapshotStorage;

/** What the Elasticsearch pod template gains for a snapshot repository. */
export interface SnapshotPodParts {
  /** Appended to elasticsearch.yml (its own YAML document body: no key overlaps the base settings). */
  readonly settings: string;
  /** Runs after the config directory is copied into its emptyDir (volume `config`). */
  readonly initContainers: WorkloadContainer[];
  readonly volumes: k8s.Volume[];
  /** Mounts of the Elasticsearch container. */
  readonly volumeMounts: k8s.VolumeMount[];
}

/** The node settings, keystore init container and volumes a snapshot repository needs on every node. */
export function snapshotPodParts(storage: SnapshotStorage, image: string): SnapshotPodParts {
  if (storage.type === 'fs') {
    return {
      settings: writeYaml({ 'path.repo': [FS_REPOSITORY_PATH] }),
      initContainers: [],
      volumes: [{ name: 'snapshots', persistentVolumeClaim: { claimName: storage.claimName } }],
      volumeMounts: [{ name: 'snapshots', mountPath: FS_REPOSITORY_PATH }],
    };
  }
  const client = `s3.client.${SNAPSHOT_FACTS.s3Client}`;
  const settings = {
    ...(storage.endpoint ? { [`${client}.endpoint`]: storage.endpoint } : {}),
    [`${client}.protocol`]: storage.protocol ?? 'https',
    [`${client}.path_style_access`]: storage.pathStyleAccess ?? false,
  };
  const credentialsDir = '/mnt/snapshot-credentials';
  const cli = SNAPSHOT_FACTS.keystoreCli;
  const adds = Object.entries(S3_CREDENTIAL_KEYS).map(([key, setting]) => `${cli} add --stdin --force ${setting} < ${credentialsDir}/${key}`);
  return {
    settings: writeYaml(settings),
    initContainers: [{
      name: 'keystore',
      image,
      // Idempotent: init containers run again when the pod sandbox restarts, with the keystore still in the emptyDir.
      command: ['bash', '-c', ['set -eu', ...adds].join('; ')],
      resources: helperResources(SNAPSHOT_FACTS.keystoreMemory),
      // The pod's user (the image's), restricted: the keystore is written into the config emptyDir.
      volumeMounts: [
        { name: 'config', mountPath: ES_CONFIG_DIR },
        { name: 'tmp', mountPath: '/tmp' },
        { name: 'snapshot-credentials', mountPath: credentialsDir, readOnly: true },
      ],
    }],
    volumes: [{ name: 'snapshot-credentials', secret: { secretName: storage.credentials.name, defaultMode: 0o440 } }],
    volumeMounts: [],
  };
}

export interface SnapshotVolumeProps {
  /** Namespace of Elasticsearch. */
  readonly namespace: string;
  /** @default 'elasticsearch-snapshots' */
  readonly name?: string;
  /** Size of the shared volume. */
  readonly size: string;
  /** A class offering ReadWriteMany (NFS, CephFS, ...). @default - the cluster's default class */
  readonly storageClassName?: string;
}

/** The ReadWriteMany claim every Elasticsearch node mounts for an `fs` repository. */
export class SnapshotVolume extends Construct {
  public readonly claimName: string;

  constructor(scope: Construct, id: string, props: SnapshotVolumeProps) {
    super(scope, id);
    this.claimName = props.name ?? 'elasticsearch-snapshots';
    new k8s.KubePersistentVolumeClaim(this, 'claim', {
      metadata: { name: this.claimName, namespace: props.namespace },
      spec: {
        accessModes: ['ReadWriteMany'],
        storageClassName: props.storageClassName,
        resources: { requests: { storage: k8s.Quantity.fromString(props.size) } },
      },
    });
  }
}

/** How long snapshots are kept (SLM retention). */
export interface SnapshotRetention {
  readonly expireAfterDays: number;
  readonly minCount: number;
  readonly maxCount: number;
}

export interface SnapshotPolicyProps {
  /** The repository's storage. */
  readonly storage: SnapshotStorage;
  /** Elasticsearch (Quartz) cron of the SLM policy. */
  readonly schedule: string;
  /** How long snapshots are kept: expire after, and the counts kept whatever their age. */
  readonly retention: SnapshotRetention;
  /** Index pattern to snapshot. */
  readonly indices: string;
  /** Name of the repository and of the SLM policy. @default 'k8s-logs' */
  readonly name?: string;
}

// A fragment of the setup script (es-setup.sh), run after it in the same shell: it uses its `call`.
const STEP = readFileSync(join(__dirname, 'es-snapshots.sh'), 'utf8');

/** The repository and SLM policy as the setup puts them (request bodies), for the setup and its tests. */
export function snapshotRepositoryBody(storage: SnapshotStorage): Record<string, unknown> {
  if (storage.type === 'fs') return { type: 'fs', settings: { location: FS_REPOSITORY_PATH } };
  return { type: 's3', settings: { bucket: storage.bucket, client: SNAPSHOT_FACTS.s3Client, ...(storage.basePath ? { base_path: storage.basePath } : {}) } };
}

/** The setup step that registers the repository and the SLM policy (both PUT on every run: drift is repaired). */
export function snapshotSetupStep(props: SnapshotPolicyProps): SetupStep {
  const name = props.name ?? 'k8s-logs';
  const policy = {
    // Date math: one snapshot name per day and run, e.g. k8s-logs-2026.11.29-<uuid>.
    name: `<${name}-{now/d}>`,
    schedule: props.schedule,
    repository: name,
    config: { indices: [props.indices], include_global_state: false, ignore_unavailable: true },
    retention: { expire_after: `${props.retention.expireAfterDays}d`, min_count: props.retention.minCount, max_count: props.retention.maxCount },
  };
  return {
    script: STEP,
    parameters: {
      SNAPSHOT_REPOSITORY: name,
      SNAPSHOT_REPOSITORY_BODY: JSON.stringify(snapshotRepositoryBody(props.storage)),
      SNAPSHOT_POLICY: name,
      SNAPSHOT_POLICY_BODY: JSON.stringify(policy),
    },
  };
}
