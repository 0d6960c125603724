import { Construct } from 'constructs';
import { SnapshotsConfig } from '../lib/config/backup';
import { FlowPort, IpBlockPeer, Peer } from '../lib/network/peer';
import { SetupStep } from '../lib/logging/setup-step';
import { SnapshotStorage, SnapshotVolume, s3CredentialsSecret, snapshotSetupStep } from '../lib/logging/snapshots';
import { DeclaredSecret } from '../lib/secrets/declared-secret';

/** What the logging chart wires in for `backup.snapshots`. */
export interface LoggingSnapshots {
  /** For every Elasticsearch node. */
  readonly storage: SnapshotStorage;
  /** Registers the repository and SLM policy. */
  readonly setupStep: SetupStep;
  /** The operator-created S3 credentials, for the secret bootstrap's checks. */
  readonly secrets: DeclaredSecret[];
  /** The object store Elasticsearch writes to (s3 only). */
  readonly store?: { readonly peer: IpBlockPeer; readonly ports: FlowPort[] };
}

/** Translates `backup.snapshots` into props (and the shared volume of an `fs` repository); undefined for `none`. */
export function loggingSnapshots(scope: Construct, config: SnapshotsConfig, namespace: string, indices: string): LoggingSnapshots | undefined {
  if (config.type === 'none') return undefined;
  const policy = { schedule: config.schedule, retention: config.retention, indices };
  if (config.type === 'fs') {
    const volume = new SnapshotVolume(scope, 'snapshot-volume', { namespace, size: config.storage.size, storageClassName: config.storage.storageClassName });
    const storage: SnapshotStorage = { type: 'fs', claimName: volume.claimName };
    return { storage, setupStep: snapshotSetupStep({ ...policy, storage }), secrets: [] };
  }
  const credentials = s3CredentialsSecret(namespace);
  const storage: SnapshotStorage = {
    type: 's3', bucket: config.bucket, endpoint: config.endpoint, protocol: config.protocol,
    pathStyleAccess: config.pathStyleAccess, basePath: config.basePath, credentials,
  };
  const port = Number(config.endpoint?.split(':')[1] ?? (config.protocol === 'https' ? 443 : 80));
  return {
    storage,
    setupStep: snapshotSetupStep({ ...policy, storage }),
    secrets: [credentials],
    store: { peer: Peer.ipBlock('snapshot-store', config.cidrs), ports: [{ port }] },
  };
}
