import { z } from 'zod';
import { bool, cidr, dnsLabel, dnsName, image, integer, storage, strictObject } from './primitives';

/**
 * Elasticsearch's SLM schedule is a Quartz-style cron with seconds first and `?` for one of the day
 * fields ("0 30 1 * * ?" = 01:30 every day), unlike the five-field cron of Kubernetes and Velero.
 */
const slmCron = z.string({ required_error: 'required: expected an Elasticsearch cron such as "0 30 1 * * ?"' })
  .regex(/^\S+( \S+){5,6}$/, 'expected an Elasticsearch (Quartz) cron of 6 or 7 fields, seconds first, such as "0 30 1 * * ?"');

/** The five-field cron of Velero Schedules (and Kubernetes CronJobs). */
const cron = z.string({ required_error: 'required: expected a cron such as "0 2 * * *"' })
  .regex(/^\S+( \S+){4}$/, 'expected a five-field cron such as "0 2 * * *" (minute hour day month weekday)');

/** How long snapshots are kept: SLM deletes one when it is older than `expireAfterDays`, but always keeps `minCount` and never more than `maxCount`. */
const snapshotRetention = strictObject({
  expireAfterDays: integer(1, 3650),
  minCount: integer(1, 1000),
  maxCount: integer(1, 1000),
}).refine(value => value.maxCount >= value.minCount, { message: 'expected maxCount >= minCount', path: ['maxCount'] });

const snapshotPolicy = {
  /** When SLM takes a snapshot (Elasticsearch cron). @default "0 30 1 * * ?" (01:30 UTC daily) */
  schedule: slmCron.default('0 30 1 * * ?'),
  retention: snapshotRetention,
};

/**
 * Elasticsearch snapshots of the log indices, by SLM:
 * - `none`: no snapshots (logs are lost with the data volumes),
 * - `fs`: a shared-filesystem repository on a ReadWriteMany PersistentVolumeClaim (NFS and the like), mounted on every node (`path.repo`),
 * - `s3`: an S3 or S3-compatible bucket (the repository type built into Elasticsearch 8); the access key pair is an
 *   operator-created Secret that the nodes load into their keystore at start-up.
 */
export const snapshotsSchema = z.discriminatedUnion('type', [
  strictObject({ type: z.literal('none') }),
  strictObject({
    type: z.literal('fs'),
    /** The shared volume: its class must offer ReadWriteMany. */
    storage,
    ...snapshotPolicy,
  }),
  strictObject({
    type: z.literal('s3'),
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name (3-63 lowercase letters, digits, "." and "-")'),
    /** Host (and port) of an S3-compatible store; omitted means AWS S3. @default - AWS */
    endpoint: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/, 'expected a host name with an optional port, without scheme, such as "minio.example.com:9000"').optional(),
    /** Addresses of the store (or of the proxy in front of it): Elasticsearch's egress policy allows exactly these. */
    cidrs: z.array(cidr).min(1, 'expected at least one CIDR of the object store'),
    /** `http` only for a store inside a trusted network. @default 'https' */
    protocol: z.enum(['https', 'http']).default('https'),
    /** Path-style URLs (`https://host/bucket`), which most S3-compatible stores need. @default false */
    pathStyleAccess: bool.default(false),
    /** Folder inside the bucket, so several clusters can share one. @default - the bucket root */
    basePath: z.string().regex(/^[A-Za-z0-9._/-]+$/, 'expected a path of letters, digits, ".", "_", "-" and "/"').optional(),
    ...snapshotPolicy,
  }),
], { errorMap: () => ({ message: 'expected { type: "none" }, { type: "fs", storage, retention } or { type: "s3", bucket, retention }' }) });
export type SnapshotsConfig = z.output<typeof snapshotsSchema>;

/**
 * Velero Schedules for the platform's namespaces (with a file-system backup of the Jenkins home
 * volume) and the tenants that opt in. Velero itself is a cluster prerequisite.
 */
export const veleroSchema = z.discriminatedUnion('enabled', [
  strictObject({ enabled: z.literal(false) }),
  strictObject({
    enabled: z.literal(true),
    /** Where Velero runs: Schedules live there. @default 'velero' */
    namespace: dnsLabel.default('velero'),
    /** The BackupStorageLocation the backups are written to. @default 'default' */
    storageLocation: dnsName.default('default'),
    /** When backups run. @default "0 2 * * *" (02:00 daily) */
    schedule: cron.default('0 2 * * *'),
    /** Hours a backup is kept before Velero deletes it. */
    ttlHours: integer(1, 87600),
    /** Tenants whose namespaces are backed up too (by name, from `tenants`). @default [] */
    tenants: z.array(dnsLabel).default([]),
    /**
     * The image of the `restore-wait` init container Velero adds to restored pods: the one matching the installed
     * Velero (`velero/velero-restore-helper:<version>`). Named here so it is pinned, mirrored with every other
     * image (`images.registry`), and not pulled from Docker Hub by the restore.
     */
    restoreHelperImage: image,
  }),
], { errorMap: () => ({ message: 'expected { enabled: false } or { enabled: true, ttlHours, ... }' }) });
export type VeleroConfig = z.output<typeof veleroSchema>;

/** Data protection of an environment. Snapshots apply only while `logging.enabled`. */
export const backupSchema = strictObject({
  snapshots: snapshotsSchema,
  velero: veleroSchema,
});
export type BackupConfig = z.output<typeof backupSchema>;

/** What the backup settings need from the rest of the environment. */
interface CheckedEnvironment {
  readonly tenants: readonly { readonly name: string }[];
  readonly backup: BackupConfig;
}

/** Cross-field rules, reported at the field to change. */
export function checkBackup(config: CheckedEnvironment, ctx: z.RefinementCtx): void {
  const { velero } = config.backup;
  if (velero.enabled) {
    const tenants = new Set(config.tenants.map(t => t.name));
    velero.tenants.forEach((name, index) => {
      if (!tenants.has(name)) {
        ctx.addIssue({ code: 'custom', path: ['backup', 'velero', 'tenants', index], message: `"${name}" is not a tenant of this environment; expected one of ${[...tenants].join(', ') || '(none)'}` });
      }
    });
  }
}
