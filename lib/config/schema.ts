import { z } from 'zod';
import { backupSchema, checkBackup } from './backup';
import { appsSchema, checkApps } from './apps';
import { checkCi, ciSchema } from './ci';
import { gitopsSchema } from './gitops';
import { checkLogging, loggingSchema } from './logging';
import { checkMonitoring, monitoringSchema } from './monitoring';
import { clusterSchema, ingressSchema, platformImagesSchema, tenantSchema } from './platform';
import { bool, dnsName, strictObject } from './primitives';
import { STACK_NAMESPACES } from '../platform/stack-namespaces';

/** Everything that differs between environments. Nothing outside this schema is environment-specific. */
export const environmentSchema = strictObject({
  /** Highly available: several replicas, required anti-affinity, PDBs, stricter rules (e.g. odd master counts). */
  highlyAvailable: bool,
  /** Public hosts are `<service>.<domain>`. */
  domain: dnsName,
  cluster: clusterSchema,
  ingress: ingressSchema,
  images: platformImagesSchema,
  tenants: z.array(tenantSchema).default([]),
  logging: loggingSchema,
  ci: ciSchema,
  apps: appsSchema,
  monitoring: monitoringSchema,
  /** Deliver with Argo CD (docs/environments.md). @default - `kubectl apply` (docs/apply.md) */
  gitops: gitopsSchema.optional(),
  /** Elasticsearch snapshots and Velero backups (lib/config/backup.ts). @default - none of either */
  backup: backupSchema.default({ snapshots: { type: 'none' }, velero: { enabled: false } }),
}).superRefine((config, ctx) => {
  const seen = new Set<string>();
  // Prerequisites' namespaces: a tenant there would get default-deny, a quota and restricted Pod Security.
  // (`default` and `kube-*` are refused by the tenant schema itself.)
  const foreign = new Set([config.ingress.controllerNamespace, config.cluster.dns.namespace, config.cluster.certManager.namespace].filter(n => n !== 'default' && !n.startsWith('kube-')));
  config.tenants.forEach((tenant, index) => {
    if ((STACK_NAMESPACES as readonly string[]).includes(tenant.name)) {
      ctx.addIssue({ code: 'custom', path: ['tenants', index, 'name'], message: `"${tenant.name}" is a namespace of the stack itself; choose another tenant name` });
    } else if (foreign.has(tenant.name)) {
      ctx.addIssue({ code: 'custom', path: ['tenants', index, 'name'], message: `"${tenant.name}" is the namespace of a cluster prerequisite (ingress.controllerNamespace, cluster.dns.namespace or cluster.certManager.namespace); choose another tenant name` });
    }
    if (seen.has(tenant.name)) {
      ctx.addIssue({ code: 'custom', path: ['tenants', index, 'name'], message: `duplicate tenant "${tenant.name}"; tenant names must be unique` });
    }
    seen.add(tenant.name);
  });
  checkLogging(config, ctx);
  checkApps(config, ctx);
  checkCi(config, ctx);
  checkBackup(config, ctx);
  checkMonitoring(config, ctx);
});

/** An environment as written in `lib/config/environments/*.ts` (fields with defaults may be omitted). */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** A validated environment with every default applied, and its name: what charts receive. */
export type EnvironmentConfig = z.output<typeof environmentSchema> & {
  /** The environment's key in `lib/config/environments/index.ts`: its output folder `dist/<name>/`. */
  readonly name: string;
};

/** Whether cert-manager issues any of the environment's certificates: the Ingresses' or Elasticsearch's. */
export function usesCertManager(config: Pick<EnvironmentConfig, 'ingress' | 'logging'>): boolean {
  return config.ingress.tls.mode === 'certManager' || (config.logging.enabled && config.logging.elasticsearch.tls.mode === 'certManager');
}
