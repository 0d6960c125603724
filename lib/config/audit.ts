import { z } from 'zod';
import { absolutePath, integer, strictObject } from './primitives';

/** Where kubeadm's API server writes its audit log (`--audit-log-path` in the kubeadm docs' example). */
export const DEFAULT_AUDIT_LOG_PATH = '/var/log/kubernetes/audit/audit.log';

/**
 * The API server audit trail in the logging stack: Fluentd tails the audit log on the nodes that
 * have it (the control plane) into separate `k8s-audit-*` indices with their own retention.
 */
export const auditSchema = z.discriminatedUnion('enabled', [
  strictObject({ enabled: z.literal(false) }),
  strictObject({
    enabled: z.literal(true),
    /** The audit log file on control-plane nodes (JSON lines, the API server's `--audit-log-format=json`). @default DEFAULT_AUDIT_LOG_PATH */
    path: absolutePath.refine(p => !p.endsWith('/'), 'expected a file path, not a directory').default(DEFAULT_AUDIT_LOG_PATH),
    /** Days an audit index is kept. */
    retentionDays: integer(1, 3650),
  }),
], { errorMap: () => ({ message: 'expected { enabled: false } or { enabled: true, retentionDays, path? }' }) });
export type AuditConfig = z.output<typeof auditSchema>;
