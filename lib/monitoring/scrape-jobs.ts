/**
 * The Prometheus scrape jobs of the platform, by the `job` label their series carry. Alert rules
 * and dashboards select by these names and the Prometheus config defines a job for each, so the
 * two cannot drift apart (dependency-free: config, rules and constructs all read it).
 */
export const SCRAPE_JOBS = {
  /** The API server (`/metrics` of the `kubernetes` Service endpoints). */
  apiServer: 'kubernetes-apiservers',
  /** Kubelet metrics through the API server's node proxy. */
  kubelet: 'kubelet',
  /** Container metrics (cAdvisor) through the API server's node proxy. */
  cadvisor: 'cadvisor',
  /** node-exporter on every node. */
  nodeExporter: 'node-exporter',
  /** kube-state-metrics: object state (pods, deployments, jobs, PVCs, HPAs). */
  kubeStateMetrics: 'kube-state-metrics',
  /** Prometheus itself. */
  prometheus: 'prometheus',
  /** Alertmanager. */
  alertmanager: 'alertmanager',
  /** The Elasticsearch exporter next to Elasticsearch. */
  elasticsearch: 'elasticsearch',
  /** Fluentd's own Prometheus endpoint (in_prometheus, port 24231). */
  fluentd: 'fluentd',
  /** Jenkins' Prometheus plugin (`/prometheus`). */
  jenkins: 'jenkins',
  /** The nginx exporter sidecars of the web apps (stub_status). */
  webApps: 'web-apps',
  /** The ingress-nginx controller (10254). */
  ingressNginx: 'ingress-nginx',
  /** cert-manager's controller (9402), for certificate expiry. */
  certManager: 'cert-manager',
} as const;

export type ScrapeJob = typeof SCRAPE_JOBS[keyof typeof SCRAPE_JOBS];
