import { ScrapeJob } from './scrape-jobs';
import { IpBlockPeer, PodsPeer } from '../network/peer';

/** Where the pod's ServiceAccount token and the cluster CA are mounted (Kubernetes' fixed paths). */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * How Prometheus finds a target's addresses through Kubernetes service discovery:
 * - `pods`: running pods of `peer` (its namespace and labels), on the container port `port`;
 * - `nodes`: every node's address (InternalIP) on `port` (the kubelet);
 * - `apiServer`: the endpoints of the `default/kubernetes` Service.
 */
export type ScrapeDiscovery = 'pods' | 'nodes' | 'apiServer';

/**
 * One metrics endpoint, declared by the component that serves it. The scrape job and the
 * NetworkFlow from Prometheus are both derived from it, so a job cannot exist without its flow.
 */
export interface ScrapeTarget {
  /** The `job` label (SCRAPE_JOBS): what rules and dashboards select. */
  readonly job: ScrapeJob;
  /** Who Prometheus connects to: the pods, or the node addresses for node-level endpoints. */
  readonly peer: PodsPeer | IpBlockPeer;
  /**
   * The pod selector for `pods` discovery when `peer` is an address block (host-network pods).
   * @default - the peer's own namespace and labels
   */
  readonly pods?: PodsPeer;
  readonly discovery: ScrapeDiscovery;
  /** Port on the pod or node (policies see traffic after Service translation). */
  readonly port: number;
  /** @default '/metrics' */
  readonly path?: string;
  /** @default 'http' */
  readonly scheme?: 'http' | 'https';
  /**
   * `serviceAccount`: send Prometheus' ServiceAccount token (the API server and the kubelet
   * authorize it against Prometheus' ClusterRole).
   * @default - no credentials
   */
  readonly auth?: 'serviceAccount';
  /**
   * For https: `clusterCa` verifies with the cluster CA (server name `kubernetes.default.svc`, which
   * the API server's certificate carries); `skipVerify` for kubelets, whose serving certificates are
   * self-signed by default (the token is still sent only to node addresses of `peer`).
   * @default 'clusterCa'
   */
  readonly tls?: 'clusterCa' | 'skipVerify';
  /**
   * The series describe other objects (kube-state-metrics' `namespace` and `pod` are the object's, not
   * the exporter's): their own labels win over the discovered ones, and the exporter pod's `namespace`, `pod`,
   * `container` and `node` are not attached, so a series without a namespace (a Node's) gets none, and an
   * exporter restart does not start every series anew.
   * @default false
   */
  readonly honorLabels?: boolean;
  /**
   * The pods serve `port` without declaring it (ingress-nginx declares 10254 only with its metrics option on).
   * Prometheus' pod discovery makes one row per declared container port, so keeping the row of `port` would find
   * nothing: the address is built from the pod IP instead, and a pod's rows, then equal, are scraped once
   * (scrape/scrape.go `sync` runs one loop per distinct target, v2.55.1).
   * @default false - only pods that declare `port` are scraped
   */
  readonly portUndeclared?: boolean;
}

/** The pods a `pods` target discovers. */
export function discoveredPods(target: ScrapeTarget): PodsPeer | undefined {
  if (target.discovery !== 'pods') return undefined;
  if (target.pods) return target.pods;
  if (target.peer.kind !== 'pods') throw new Error(`scrape target ${target.job}: pods discovery on an address block needs \`pods\``);
  return target.peer;
}

/** Labels every pod target keeps: where the series came from. */
const POD_LABELS = [
  { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
  { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
  { source_labels: ['__meta_kubernetes_pod_container_name'], target_label: 'container' },
  { source_labels: ['__meta_kubernetes_pod_node_name'], target_label: 'node' },
];

/** One `scrape_configs` entry (Prometheus 2.x configuration) for a target. */
export function scrapeConfig(target: ScrapeTarget): Record<string, unknown> {
  const scheme = target.scheme ?? 'http';
  const http: Record<string, unknown> = { job_name: target.job, scheme, metrics_path: target.path ?? '/metrics' };
  if (target.honorLabels) http.honor_labels = true;
  if (target.auth === 'serviceAccount') http.authorization = { credentials_file: `${SERVICE_ACCOUNT_DIR}/token` };
  if (scheme === 'https') {
    http.tls_config = (target.tls ?? 'clusterCa') === 'clusterCa'
      ? { ca_file: `${SERVICE_ACCOUNT_DIR}/ca.crt`, server_name: 'kubernetes.default.svc' }
      : { insecure_skip_verify: true };
  }
  switch (target.discovery) {
    case 'apiServer':
      return {
        ...http,
        kubernetes_sd_configs: [{ role: 'endpoints', namespaces: { names: ['default'] } }],
        relabel_configs: [
          { source_labels: ['__meta_kubernetes_service_name', '__meta_kubernetes_endpoint_port_name'], regex: 'kubernetes;https', action: 'keep' },
        ],
      };
    case 'nodes':
      return {
        ...http,
        kubernetes_sd_configs: [{ role: 'node' }],
        relabel_configs: [
          // The node's address and the target port (the discovered address carries the kubelet's port).
          { source_labels: ['__address__'], regex: '([^:]+)(?::\\d+)?', replacement: `$1:${target.port}`, target_label: '__address__' },
          { source_labels: ['__meta_kubernetes_node_name'], target_label: 'node' },
        ],
      };
    case 'pods': {
      const pods = discoveredPods(target)!;
      const selector = Object.entries(pods.podLabels).map(([k, v]) => `${k}=${v}`).join(',');
      return {
        ...http,
        kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [pods.namespace] }, selectors: [{ role: 'pod', label: selector }] }],
        relabel_configs: [
          // One target per pod: the declared port only, never every container port.
          target.portUndeclared
            ? { source_labels: ['__meta_kubernetes_pod_ip'], regex: '(.+)', replacement: `$1:${target.port}`, target_label: '__address__' }
            : { source_labels: ['__meta_kubernetes_pod_container_port_number'], regex: String(target.port), action: 'keep' },
          { source_labels: ['__meta_kubernetes_pod_phase'], regex: 'Pending|Succeeded|Failed', action: 'drop' },
          ...target.honorLabels ? [] : POD_LABELS,
        ],
      };
    }
  }
}
