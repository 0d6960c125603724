import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../lib/config/schema';
import { labelTree } from '../lib/core/labels';
import { Elasticsearch } from '../lib/logging/elasticsearch';
import { ElasticsearchSetupJob } from '../lib/logging/es-setup-job';
import { Fluentd } from '../lib/logging/fluentd';
import { Kibana, KIBANA_ENCRYPTION_KEYS } from '../lib/logging/kibana';
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
}

const PART_OF = 'logging';

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

  constructor(scope: Construct, id: string, props: LoggingChartProps) {
    super(scope, id);
    const { config } = props;
    const logging = config.logging;
    const ha = config.highlyAvailable;
    const spread = ha ? 'required' : 'preferred';
    const tlsIssuer: IssuerRef | undefined = logging.elasticsearch.tls.mode === 'certManager'
      ? { kind: 'ClusterIssuer', name: logging.elasticsearch.tls.clusterIssuer }
      : undefined;

    const elasticPassword = DeclaredSecret.generated({
      name: 'elasticsearch-elastic', namespaces: [NAMESPACE.logging], keys: { password: {} },
      description: 'Password of the Elasticsearch "elastic" superuser: bootstrap password of the nodes, used only by the setup Job and probes.',
    });
    const kibanaSystemPassword = DeclaredSecret.generated({
      name: 'kibana-system', namespaces: [NAMESPACE.logging], keys: { password: {} },
      description: 'Password of the built-in "kibana_system" user: set in Elasticsearch by the setup Job, used by Kibana.',
    });
    const writerPassword = DeclaredSecret.generated({
      name: 'fluentd-elasticsearch', namespaces: [NAMESPACE.logging, NAMESPACE.loggingAgents], keys: { password: {} },
      description: 'Password of the Elasticsearch log writer user: created by the setup Job (logging), used by Fluentd (logging-agents).',
    });
    const kibanaKeys = DeclaredSecret.generated({
      name: 'kibana-encryption-keys', namespaces: [NAMESPACE.logging],
      keys: Object.fromEntries(Object.keys(KIBANA_ENCRYPTION_KEYS).map(key => [key, { length: 48 }])),
      description: 'Kibana encryption keys (sessions, saved objects, reports): identical on every replica, stable across restarts.',
    });
    new SecretBootstrap(this, 'secrets', {
      namespace: NAMESPACE.logging,
      secrets: [elasticPassword, kibanaSystemPassword, writerPassword, kibanaKeys],
      image: config.images.kubectl,
      cluster: config.cluster,
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
      elasticPassword,
      partOf: PART_OF,
    });

    this.setup = new ElasticsearchSetupJob(this, 'elasticsearch-setup', {
      elasticsearch: this.elasticsearch,
      image: es.image,
      elasticPassword,
      kibanaSystemPassword,
      writerPassword,
      retentionDays: logging.retentionDays,
      partOf: PART_OF,
    });

    const kibanaSubdomain = 'kibana';
    this.kibana = new Kibana(this, 'kibana', {
      namespace: NAMESPACE.logging,
      image: logging.kibana.image,
      replicas: logging.kibana.replicas,
      resources: logging.kibana.resources,
      elasticsearchUrl: this.elasticsearch.url,
      elasticsearchCaSecret: this.elasticsearch.caSecretName,
      kibanaSystemPassword,
      encryptionKeys: kibanaKeys,
      publicBaseUrl: props.routes.url(kibanaSubdomain),
      antiAffinity: spread,
      disruptionBudget: ha && logging.kibana.replicas > 1,
      partOf: PART_OF,
    });
    // The Service exposes the container port under the same number.
    props.routes.add({
      name: 'kibana',
      subdomain: kibanaSubdomain,
      backend: { namespace: this.kibana.namespace, serviceName: this.kibana.service.name, servicePort: this.kibana.port, pods: this.kibana.peer, podPort: this.kibana.port },
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
      password: writerPassword,
      indexPrefix: this.setup.indexPrefix,
      partOf: PART_OF,
    });

    const flows = new Construct(this, 'flows');
    const esPeer = this.elasticsearch.peer;
    const http = this.elasticsearch.httpPort;
    new NetworkFlow(flows, 'elasticsearch-cluster', { from: esPeer, to: esPeer, ports: [http, this.elasticsearch.transportPort] });
    new NetworkFlow(flows, 'fluentd-to-elasticsearch', { from: this.fluentd.peer, to: esPeer, ports: [http] });
    new NetworkFlow(flows, 'kibana-to-elasticsearch', { from: this.kibana.peer, to: esPeer, ports: [http] });
    new NetworkFlow(flows, 'setup-to-elasticsearch', { from: this.setup.peer, to: esPeer, ports: [http] });
    // kubernetes_metadata watches pods and namespaces.
    new NetworkFlow(flows, 'fluentd-to-apiserver', { from: this.fluentd.peer, to: apiServerPeer(config.cluster), ports: config.cluster.apiServer.ports });
    labelTree(flows, { name: 'logging-network', component: 'network-policy', partOf: PART_OF });
  }
}
