import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../lib/config/schema';
import { labelTree } from '../lib/core/labels';
import { Elasticsearch } from '../lib/logging/elasticsearch';
import { ElasticsearchExporter } from '../lib/logging/elasticsearch-exporter';
import { ElasticsearchSetupJob } from '../lib/logging/es-setup-job';
import { loggingAudit } from './logging-audit';
import { loggingSnapshots } from './logging-snapshots';
import { Fluentd } from '../lib/logging/fluentd';
import { Kibana } from '../lib/logging/kibana';
import { LoggingSecrets } from '../lib/logging/logging-secrets';
import { apiServerPeer } from '../lib/network/cluster-peers';
import { NetworkFlow } from '../lib/network/flow';
import { RoutingTable } from '../lib/network/routing-table';
import { NAMESPACE } from '../lib/platform/stack-namespaces';
import { DeclaredSecret } from '../lib/secrets/declared-secret';
import { SecretBootstrap } from '../lib/secrets/secret-bootstrap';
import { IssuerRef } from '../lib/tls/certificate';

export interface LoggingChartProps {
  readonly config: EnvironmentConfig;
  /** Kibana registers its public route here. */
  readonly routes: RoutingTable;
  /** A read-only user of the log indices the setup Job creates (Grafana's). @default - none */
  readonly logsReader?: { readonly user: string; readonly password: DeclaredSecret };
}

const PART_OF = 'logging';
/** Daily log indices are `<prefix>-YYYY.MM.DD`; snapshots cover `<prefix>-*`. */
const LOG_INDEX_PREFIX = 'k8s-logs';
/** Kibana's Service (name and port are the Kibana construct's defaults; test/logging/audit.test.ts checks them). */
const KIBANA_URL = `http://kibana.${NAMESPACE.logging}.svc:5601`;

/** The issuer of Elasticsearch's certificate for a `logging.elasticsearch.tls` setting; undefined when TLS is off. */
export function tlsIssuerOf(tls: EnvironmentConfig['logging']['elasticsearch']['tls']): IssuerRef | undefined {
  return tls.mode === 'certManager' ? { kind: 'ClusterIssuer', name: tls.clusterIssuer } : undefined;
}

/**
 * The EFK stack: Elasticsearch, its setup Job and Kibana in `logging`, Fluentd on every node
 * from `logging-agents`; passwords from the declared-secrets bootstrap, TLS from cert-manager,
 * and exactly the network flows between them.
 */
export class LoggingChart extends Chart {
  public readonly elasticsearch: Elasticsearch;
  public readonly kibana: Kibana;
  public readonly fluentd: Fluentd;
  public readonly setup: ElasticsearchSetupJob;
  /** The metrics exporter, when monitoring is on. */
  public readonly exporter?: ElasticsearchExporter;

  constructor(scope: Construct, id: string, props: LoggingChartProps) {
    super(scope, id);
    const { config } = props;
    const logging = config.logging;
    const ha = config.highlyAvailable;
    const spread = ha ? 'required' : 'preferred';
    const tlsIssuer = tlsIssuerOf(logging.elasticsearch.tls);
    const secrets = new LoggingSecrets({ namespace: NAMESPACE.logging, agentsNamespace: NAMESPACE.loggingAgents });
    // Snapshots (backup.snapshots): see lib/logging/snapshots.ts.
    const snapshots = loggingSnapshots(this, config.backup.snapshots, NAMESPACE.logging, `${LOG_INDEX_PREFIX}-*`);
    // API server audit trail (logging.audit): see charts/logging-audit.ts.
    const audit = loggingAudit(logging.audit, {
      namespace: NAMESPACE.logging, agentsNamespace: NAMESPACE.loggingAgents, kibanaUrl: KIBANA_URL,
      indexReplicas: logging.elasticsearch.replicas > 1 ? 1 : 0,
    });
    // The metrics exporter's Elasticsearch password (monitoring on): generated here, used in this namespace only.
    const exporterPassword = config.monitoring.enabled ? DeclaredSecret.generated({
      name: 'elasticsearch-exporter', namespaces: [NAMESPACE.logging], keys: { password: {} },
      description: 'Password of the Elasticsearch metrics exporter user: created by the setup Job, used by elasticsearch-exporter.',
    }) : undefined;
    new SecretBootstrap(this, 'secrets', {
      namespace: NAMESPACE.logging,
      secrets: [...secrets.all, ...exporterPassword ? [exporterPassword] : [], ...snapshots?.secrets ?? [], ...audit?.secrets ?? []],
      image: config.images.kubectl,
      apiServer: { peer: apiServerPeer(config.cluster), ports: config.cluster.apiServer.ports },
      partOf: PART_OF,
    });

    const es = logging.elasticsearch;
    this.elasticsearch = new Elasticsearch(this, 'elasticsearch', {
      namespace: NAMESPACE.logging,
      image: es.image,
      replicas: es.replicas,
      roles: es.roles,
      resources: es.resources,
      heapPercent: es.heapPercent,
      storage: es.storage,
      vmMaxMapCount: es.vmMaxMapCount,
      antiAffinity: spread,
      zoneSpread: es.zoneSpread,
      disruptionBudget: ha,
      tlsIssuer,
      elasticPassword: secrets.elasticPassword,
      snapshotStorage: snapshots?.storage,
      partOf: PART_OF,
    });

    if (exporterPassword) {
      this.exporter = new ElasticsearchExporter(this, 'elasticsearch-exporter', {
        elasticsearch: this.elasticsearch,
        image: config.monitoring.elasticsearchExporter.image,
        resources: config.monitoring.elasticsearchExporter.resources,
        password: exporterPassword,
        // SLM statistics only where the setup puts a snapshot policy.
        slm: snapshots !== undefined,
        partOf: PART_OF,
      });
    }

    this.setup = new ElasticsearchSetupJob(this, 'elasticsearch-setup', {
      elasticsearch: this.elasticsearch,
      image: es.image,
      elasticPassword: secrets.elasticPassword,
      kibanaSystemPassword: secrets.kibanaSystemPassword,
      writerPassword: secrets.writerPassword,
      retentionDays: logging.retentionDays,
      indexPrefix: LOG_INDEX_PREFIX,
      steps: [...this.exporter ? [this.exporter.setupStep] : [], ...snapshots ? [snapshots.setupStep] : [], ...audit ? [audit.setupStep] : []],
      reader: props.logsReader,
      partOf: PART_OF,
    });

    this.kibana = new Kibana(this, 'kibana', {
      namespace: NAMESPACE.logging,
      image: logging.kibana.image,
      replicas: logging.kibana.replicas,
      resources: logging.kibana.resources,
      elasticsearchUrl: this.elasticsearch.url,
      elasticsearchCaSecret: this.elasticsearch.caSecretName,
      kibanaSystemPassword: secrets.kibanaSystemPassword,
      encryptionKeys: secrets.kibanaEncryptionKeys,
      route: { table: props.routes, subdomain: 'kibana' },
      antiAffinity: spread,
      disruptionBudget: ha && logging.kibana.replicas > 1,
      partOf: PART_OF,
    });

    this.fluentd = new Fluentd(this, 'fluentd', {
      namespace: NAMESPACE.loggingAgents,
      image: logging.fluentd.image,
      resources: logging.fluentd.resources,
      containerLogFormat: logging.fluentd.containerLogFormat,
      dockerContainersPath: logging.fluentd.dockerContainersPath,
      bufferLimit: logging.fluentd.bufferLimit,
      elasticsearchUrl: this.elasticsearch.url,
      tlsIssuer,
      user: this.setup.writerUser,
      password: secrets.writerPassword,
      indexPrefix: this.setup.indexPrefix,
      audit: audit?.fluentd,
      partOf: PART_OF,
    });

    const flows = new Construct(this, 'flows');
    const esPeer = this.elasticsearch.peer;
    const http = this.elasticsearch.httpPort;
    new NetworkFlow(flows, 'elasticsearch-cluster', { from: esPeer, to: esPeer, ports: [http, this.elasticsearch.transportPort] });
    new NetworkFlow(flows, 'fluentd-to-elasticsearch', { from: this.fluentd.peer, to: esPeer, ports: [http] });
    new NetworkFlow(flows, 'kibana-to-elasticsearch', { from: this.kibana.peer, to: esPeer, ports: [http] });
    new NetworkFlow(flows, 'setup-to-elasticsearch', { from: this.setup.peer, to: esPeer, ports: [http] });
    if (audit) new NetworkFlow(flows, 'setup-to-kibana', { from: this.setup.peer, to: this.kibana.peer, ports: [this.kibana.port] });
    if (snapshots?.store) new NetworkFlow(flows, 'elasticsearch-to-snapshot-store', { from: esPeer, to: snapshots.store.peer, ports: snapshots.store.ports });
    // kubernetes_metadata watches pods and namespaces.
    new NetworkFlow(flows, 'fluentd-to-apiserver', { from: this.fluentd.peer, to: apiServerPeer(config.cluster), ports: config.cluster.apiServer.ports });
    labelTree(flows, { name: 'logging-network', component: 'network-policy', partOf: PART_OF });
  }
}
