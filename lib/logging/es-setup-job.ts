import { readFileSync } from 'fs';
import { join } from 'path';
import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { Elasticsearch, ES_USER } from './elasticsearch';
import { elasticsearchCa } from './elasticsearch-ca';
import { fluentdIndexTemplate } from './index-template';
import { SetupStep } from './setup-step';
import { KIBANA_SYSTEM_USER } from './kibana';
import { ConvergingJob } from '../core/converging-job';
import { helperResources } from '../core/resources';
import { AppIdentity, labelTree } from '../core/labels';
import { workloadPod } from '../core/workload-pod';
import { Peer, PodsPeer } from '../network/peer';
import { DeclaredSecret } from '../secrets/declared-secret';

// A real shell file, so it can be read and linted as shell; parameters arrive as environment variables.
const SCRIPT = readFileSync(join(__dirname, 'es-setup.sh'), 'utf8');

export interface ElasticsearchSetupJobProps {
  /** The cluster to set up (URL, CA, namespace). */
  readonly elasticsearch: Elasticsearch;
  /** Image with `sh` and `curl`: the Elasticsearch image already on the nodes. */
  readonly image: string;
  /** Password of `elastic` (key `password`): the Job's own credentials. */
  readonly elasticPassword: DeclaredSecret;
  /** Password to set for `kibana_system` (key `password`). */
  readonly kibanaSystemPassword: DeclaredSecret;
  /** Password of the log writer user (key `password`). */
  readonly writerPassword: DeclaredSecret;
  /** Days before an index is deleted. */
  readonly retentionDays: number;
  /** @default 'k8s-logs' */
  readonly indexPrefix?: string;
  /** @default 'fluentd' */
  readonly writerUser?: string;
  /**
   * A read-only user of the log indices (Grafana's logs data source), created once its password
   * Secret exists (the Secret is optional for the Job: it may be bootstrapped by another chart).
   * @default - none
   */
  readonly reader?: { readonly user: string; readonly password: DeclaredSecret };
  /** Replicas per shard. @default - 1 when the cluster has more than one node, else 0 (a copy on the same node is useless) */
  readonly indexReplicas?: number;
  /** `app.kubernetes.io/part-of`. */
  readonly partOf: string;
  /** Scripts run after the base setup in the same shell (snapshot repository and policy, ...). @default - none */
  readonly steps?: readonly SetupStep[];
}

/**
 * Prepares Elasticsearch for the stack, with idempotent calls only: sets the `kibana_system`
 * password from its Secret, puts the writer role and user Fluentd ships with, and the index
 * lifecycle policy (retention) and index template. Every run puts every object, so a run repairs
 * whatever was deleted or edited since. It waits until the cluster answers; a `ConvergingJob`
 * runs it at install and then on a schedule, so a cluster slower than a run's deadline only
 * delays setup.
 */
export class ElasticsearchSetupJob extends Construct {
  public readonly peer: PodsPeer;
  /** Daily indices are `<indexPrefix>-YYYY.MM.DD`. */
  public readonly indexPrefix: string;
  /** The least-privilege user logs are written as. */
  public readonly writerUser: string;

  constructor(scope: Construct, id: string, props: ElasticsearchSetupJobProps) {
    super(scope, id);
    const es = props.elasticsearch;
    const name = `${es.name}-setup`;
    const identity: AppIdentity = { name: 'elasticsearch-setup', instance: name, component: 'setup', partOf: props.partOf };
    this.indexPrefix = props.indexPrefix ?? 'k8s-logs';
    this.writerUser = props.writerUser ?? 'fluentd';

    const steps = props.steps ?? [];
    const script = [SCRIPT, ...steps.map(step => step.script)].join('\n');
    const configMap = new k8s.KubeConfigMap(this, 'script', {
      metadata: { name, namespace: es.namespace },
      data: { 'setup.sh': script },
    });
    const ca = es.caSecretName ? elasticsearchCa(es.caSecretName) : undefined;
    const parameters: Record<string, string> = {
      ES_URL: es.url,
      ...(ca ? { CA_FILE: ca.file } : {}),
      KIBANA_SYSTEM_USER,
      WRITER_USER: this.writerUser,
      WRITER_ROLE: `${this.writerUser}_writer`,
      INDEX_PREFIX: this.indexPrefix,
      RETENTION_DAYS: String(props.retentionDays),
      INDEX_TEMPLATE_BODY: JSON.stringify(fluentdIndexTemplate(this.indexPrefix, props.indexReplicas ?? (es.replicas > 1 ? 1 : 0))),
      ...Object.assign({}, ...steps.map(step => step.parameters)),
    };

    const pod = workloadPod({
      identity,
      runAs: { user: ES_USER },
      restartPolicy: 'OnFailure',
      containers: [{
        name: 'setup',
        image: props.image,
        command: ['sh', '/setup/setup.sh'],
        env: [
          ...Object.entries(parameters).map(([envName, value]) => ({ name: envName, value })),
          { name: 'ELASTIC_PASSWORD', valueFrom: props.elasticPassword.keyRef('password') },
          { name: 'KIBANA_SYSTEM_PASSWORD', valueFrom: props.kibanaSystemPassword.keyRef('password') },
          { name: 'WRITER_PASSWORD', valueFrom: props.writerPassword.keyRef('password') },
          ...steps.flatMap(step => Object.entries(step.passwords ?? {}).map(([envName, secret]) => ({ name: envName, valueFrom: secret.keyRef('password') }))),
          ...props.reader ? [
            { name: 'READER_USER', value: props.reader.user },
            { name: 'READER_PASSWORD', valueFrom: { secretKeyRef: { ...props.reader.password.keyRef('password').secretKeyRef, optional: true } } },
          ] : [],
        ],
        resources: helperResources('128Mi'),
        volumeMounts: [
          { name: 'script', mountPath: '/setup', readOnly: true },
          ...(ca ? [ca.mount] : []),
        ],
        scratch: [{ path: '/tmp', sizeLimit: '16Mi' }],
      }],
      volumes: [
        { name: 'script', configMap: { name: configMap.name } },
        ...(ca ? [ca.volume] : []),
      ],
    });
    this.peer = Peer.workload(name, es.namespace, pod.selector);

    new ConvergingJob(this, 'runs', {
      name,
      namespace: es.namespace,
      referencedContent: [script],
      // Pod restarts on top of the script's own wait loop; each run's deadline bounds a cluster that is not up yet.
      backoffLimit: 10,
      template: pod.template,
    });
    labelTree(this, identity);
  }
}
