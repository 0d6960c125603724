import { AuditConfig } from '../lib/config/audit';
import { AuditIndices, auditSetupStep, auditWriterPassword } from '../lib/logging/audit';
import { SetupStep } from '../lib/logging/setup-step';
import { FluentdAuditProps } from '../lib/logging/fluentd';
import { DeclaredSecret } from '../lib/secrets/declared-secret';

/** What the logging chart wires in for `logging.audit`. */
export interface LoggingAudit {
  readonly setupStep: SetupStep & AuditIndices;
  readonly fluentd: FluentdAuditProps;
  readonly secrets: DeclaredSecret[];
}

export interface LoggingAuditInput {
  /** Namespace of Elasticsearch, the setup and Kibana. */
  readonly namespace: string;
  /** Namespace of Fluentd. */
  readonly agentsNamespace: string;
  /** Kibana's in-cluster URL (its Service; the setup is built before Kibana, and a test checks the two agree). */
  readonly kibanaUrl: string;
  readonly indexReplicas: number;
}

/** Translates `logging.audit` into props; undefined when off. */
export function loggingAudit(config: AuditConfig, input: LoggingAuditInput): LoggingAudit | undefined {
  if (!config.enabled) return undefined;
  const password = auditWriterPassword([input.namespace, input.agentsNamespace]);
  const setupStep = auditSetupStep({ retentionDays: config.retentionDays, indexReplicas: input.indexReplicas, writerPassword: password, kibanaUrl: input.kibanaUrl });
  return {
    setupStep,
    fluentd: { path: config.path, indexPrefix: setupStep.indexPrefix, user: setupStep.writerUser, password },
    secrets: [password],
  };
}
