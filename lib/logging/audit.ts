import { readFileSync } from 'fs';
import { join } from 'path';
import type { SetupStep } from './setup-step';
import { ELASTICSEARCH_WRITE } from './fluentd-config';
import { fluentdIndexTemplate } from './index-template';
import { DeclaredSecret } from '../secrets/declared-secret';

// A fragment of the setup script (es-setup.sh), run after it in the same shell.
const STEP = readFileSync(join(__dirname, 'es-audit.sh'), 'utf8');

/** The audit writer's password, in the namespaces of the setup (which creates the user) and of Fluentd. */
export function auditWriterPassword(namespaces: readonly string[]): DeclaredSecret {
  return DeclaredSecret.generated({
    name: 'fluentd-audit-elasticsearch', namespaces, keys: { password: {} },
    description: 'Password of the Elasticsearch audit writer user: may only add documents to the API server audit indices.',
  });
}

export interface AuditSetupProps {
  /** Audit indices are `<indexPrefix>-YYYY.MM.DD`. @default 'k8s-audit' */
  readonly indexPrefix?: string;
  /** Days before an audit index is deleted. */
  readonly retentionDays: number;
  /** Replicas per shard of the audit indices. */
  readonly indexReplicas: number;
  /** The audit writer user. @default 'fluentd-audit' */
  readonly writerUser?: string;
  /** The audit writer's password (key `password`), set on the user by every setup run. */
  readonly writerPassword: DeclaredSecret;
  /** Kibana's in-cluster URL, for the data view. */
  readonly kibanaUrl: string;
}

/** The audit indices' names and writer, as Fluentd needs them. */
export interface AuditIndices {
  readonly indexPrefix: string;
  readonly writerUser: string;
}

/**
 * The setup step for the audit trail: lifecycle policy (own retention) and template of the
 * `<prefix>-*` indices, a writer role on those indices only and its user, and a Kibana data view.
 */
export function auditSetupStep(props: AuditSetupProps): SetupStep & AuditIndices {
  const indexPrefix = props.indexPrefix ?? 'k8s-audit';
  const writerUser = props.writerUser ?? 'fluentd-audit';
  const role = `${writerUser.replace(/-/g, '_')}_writer`;
  const pattern = `${indexPrefix}-*`;
  return {
    indexPrefix,
    writerUser,
    script: STEP,
    parameters: {
      AUDIT_INDEX_PREFIX: indexPrefix,
      AUDIT_ILM_BODY: JSON.stringify({ policy: { phases: { hot: { actions: {} }, delete: { min_age: `${props.retentionDays}d`, actions: { delete: {} } } } } }),
      AUDIT_TEMPLATE_BODY: JSON.stringify(fluentdIndexTemplate(indexPrefix, props.indexReplicas)),
      AUDIT_WRITER_ROLE: role,
      AUDIT_ROLE_BODY: JSON.stringify({ cluster: [...ELASTICSEARCH_WRITE.clusterPrivileges], indices: [{ names: [pattern], privileges: [...ELASTICSEARCH_WRITE.indexPrivileges] }] }),
      AUDIT_WRITER_USER: writerUser,
      KIBANA_URL: props.kibanaUrl,
      AUDIT_DATA_VIEW_BODY: JSON.stringify({ data_view: { id: indexPrefix, title: pattern, name: 'Kubernetes API audit', timeFieldName: '@timestamp' }, override: true }),
    },
    passwords: { AUDIT_WRITER_PASSWORD: props.writerPassword },
  };
}
