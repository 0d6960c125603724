import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../lib/config/schema';
import { retentionSize } from '../lib/config/monitoring';
import { KubeStateMetrics } from '../lib/monitoring/kube-state-metrics';
import { NodeExporter } from '../lib/monitoring/node-exporter';
import { Prometheus } from '../lib/monitoring/prometheus';
import { SCRAPE_JOBS } from '../lib/monitoring/scrape-jobs';
import { ScrapeTarget } from '../lib/monitoring/scrape-target';
import { apiServerPeer } from '../lib/network/cluster-peers';
import { Peer } from '../lib/network/peer';
import { NAMESPACE } from '../lib/platform/stack-namespaces';

export interface MonitoringChartProps {
  readonly config: EnvironmentConfig;
  /** Metrics endpoints of the other charts' components (e.g. Fluentd's), scraped with a flow each. @default - none */
  readonly targets?: readonly ScrapeTarget[];
}

const PART_OF = 'monitoring';

/** The kubelet's authenticated port on every node (`/metrics` and `/metrics/cadvisor`). */
const KUBELET_PORT = 10250;

/**
 * Metrics and alerting: Prometheus (with the scrape jobs and flows of every target), node-exporter
 * on every node from `monitoring-agents`, kube-state-metrics.
 */
export class MonitoringChart extends Chart {
  public readonly prometheus: Prometheus;

  constructor(scope: Construct, id: string, props: MonitoringChartProps) {
    super(scope, id);
    const { config } = props;
    const monitoring = config.monitoring;
    const ha = config.highlyAvailable;
    const apiServer = apiServerPeer(config.cluster);
    const apiServerPorts = config.cluster.apiServer.ports;
    // The kubelet and node-exporter (host network) listen on the nodes' own addresses.
    const nodes = Peer.ipBlock('nodes', monitoring.nodeCidrs);

    const nodeExporter = new NodeExporter(this, 'node-exporter', {
      namespace: NAMESPACE.monitoringAgents,
      image: monitoring.nodeExporter.image,
      resources: monitoring.nodeExporter.resources,
      nodes,
      partOf: PART_OF,
    });
    const ksm = new KubeStateMetrics(this, 'kube-state-metrics', {
      namespace: NAMESPACE.monitoring,
      image: monitoring.kubeStateMetrics.image,
      resources: monitoring.kubeStateMetrics.resources,
      apiServer,
      apiServerPorts,
      partOf: PART_OF,
    });

    const cluster: ScrapeTarget[] = [
      // Every API server port the cluster lists is one the endpoints may use; the job keeps the `https` one.
      { job: SCRAPE_JOBS.apiServer, peer: apiServer, discovery: 'apiServer', port: apiServerPorts[0], scheme: 'https', auth: 'serviceAccount' },
      // Straight to the kubelet (authorized by nodes/metrics), not through the API server's node proxy (nodes/proxy would also allow exec).
      { job: SCRAPE_JOBS.kubelet, peer: nodes, discovery: 'nodes', port: KUBELET_PORT, scheme: 'https', auth: 'serviceAccount', tls: 'skipVerify' },
      { job: SCRAPE_JOBS.cadvisor, peer: nodes, discovery: 'nodes', port: KUBELET_PORT, path: '/metrics/cadvisor', scheme: 'https', auth: 'serviceAccount', tls: 'skipVerify' },
      nodeExporter.scrapeTarget,
      ksm.scrapeTarget,
    ];

    const prom = monitoring.prometheus;
    this.prometheus = new Prometheus(this, 'prometheus', {
      namespace: NAMESPACE.monitoring,
      image: prom.image,
      replicas: prom.replicas,
      resources: prom.resources,
      storage: prom.storage,
      retentionTime: prom.retention.time,
      retentionSize: retentionSize(prom),
      scrapeInterval: prom.scrapeInterval,
      externalLabels: { cluster: config.name },
      targets: [...cluster, ...props.targets ?? []],
      apiServer,
      apiServerPorts,
      // Integration hook: the alert rules (lib/monitoring/rules, alertRuleFiles()) are mounted here.
      ruleFiles: {},
      antiAffinity: ha ? 'required' : 'preferred',
      partOf: PART_OF,
    });
  }
}
