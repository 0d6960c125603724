import { EnvironmentInput } from '../schema';

/** The production cluster: highly available, spread over three zones, TLS from cert-manager. */
export const prod: EnvironmentInput = {
  highlyAvailable: true,
  domain: 'platform.example.com',
  cluster: {
    // Placeholders: the context name in the operators' kubeconfig and the API server URL of the prod cluster.
    context: 'prod-admin',
    server: 'https://api.prod.platform.example.com:6443',
    podCidrs: ['10.32.0.0/12'],
    serviceCidrs: ['10.96.0.0/16'],
    apiServer: { cidrs: ['10.0.0.0/24'], ports: [443, 6443] },
    dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } },
  },
  ingress: {
    className: 'nginx',
    controllerNamespace: 'ingress-nginx',
    controllerPodLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
    tls: { mode: 'certManager', clusterIssuer: 'letsencrypt-prod' },
  },
  images: {
    kubectl: 'docker.io/alpine/k8s:1.27.16',
    // Placeholder host: the organisation's mirror (docs/environments.md). Every image below is pulled from it.
    registry: { host: 'registry.example.com' },
  },
  tenants: [
    {
      name: 'team-a',
      access: { admin: ['user:alice@example.com'], edit: ['group:team-a'], view: ['group:auditors'] },
      quota: {
        requests: { cpu: '8', memory: '16Gi' },
        limits: { cpu: '16', memory: '32Gi' },
        pods: 100,
        persistentVolumeClaims: 20,
        storage: '500Gi',
        containerDefaults: { request: { cpu: '100m', memory: '128Mi' }, limit: { cpu: '1', memory: '512Mi' } },
      },
    },
    {
      name: 'team-b',
      access: { admin: ['user:bob@example.com'], edit: ['group:team-b'], view: ['group:auditors'] },
      quota: {
        requests: { cpu: '4', memory: '8Gi' },
        limits: { cpu: '8', memory: '16Gi' },
        pods: 50,
        persistentVolumeClaims: 10,
        storage: '200Gi',
        containerDefaults: { request: { cpu: '100m', memory: '128Mi' }, limit: { cpu: '1', memory: '512Mi' } },
      },
    },
  ],
  logging: {
    enabled: true,
    retentionDays: 30,
    elasticsearch: {
      image: 'docker.elastic.co/elasticsearch/elasticsearch:8.19.21',
      replicas: 3,
      resources: { cpu: '2', memory: '8Gi' },
      storage: { size: '200Gi' },
      // The node pool's bootstrap sets vm.max_map_count=262144 (cluster prerequisite, see docs/logging.md).
      vmMaxMapCount: 'preconfigured',
      zoneSpread: true,
      // A CA-type ClusterIssuer for in-cluster names (letsencrypt cannot issue *.svc names).
      tls: { mode: 'certManager', clusterIssuer: 'platform-ca' },
    },
    kibana: { image: 'docker.elastic.co/kibana/kibana:8.19.21', replicas: 2, resources: { cpu: '500m', memory: '2Gi' } },
    fluentd: {
      image: 'docker.io/fluent/fluentd-kubernetes-daemonset:v1.19.3-debian-elasticsearch8-1.1',
      // Burstable memory: a modest request on every node, room for backlogs up to the limit.
      resources: { cpu: '200m', memory: '1Gi', memoryRequest: '400Mi' },
      bufferLimit: '4Gi',
    },
    // Off until the README's Secrets table lists fluentd-audit-elasticsearch (test/readme.test.ts); then, with the
    // API servers writing --audit-log-path (kubeadm layout): { enabled: true, retentionDays: 90 }.
    audit: { enabled: false },
  },
  ci: {
    enabled: true,
    controller: {
      image: 'docker.io/jenkins/jenkins:2.555.3-lts-jdk21',
      resources: { cpu: '2', memory: '8Gi' },
      storage: { size: '100Gi' },
      // Plugin loading and upgrades of a large home are slow: 10 minutes before the kubelet gives up.
      startupProbeSeconds: 600,
    },
    plugins: {
      install: 'initContainer',
      pins: [
        'kubernetes:4423.vb_59f230b_ce53',
        'workflow-aggregator:608.v67378e9d3db_1',
        'git:5.10.1',
        'configuration-as-code:2065.v7a_20a_b_d84088',
        // Metrics for the monitoring stack (needs core 2.479.3; brings metrics, junit, pipeline-rest-api, commons-lang3-api).
        'prometheus:852.v317db_5d17a_b_0',
      ],
      mirror: { url: 'https://artifacts.platform.example.com/jenkins-update-center' },
    },
    agents: {
      mode: 'webSocket',
      containerCap: 16,
      jnlp: { image: 'docker.io/jenkins/inbound-agent:3355.v388858a_47b_33-19-jdk21', resources: { cpu: '500m', memory: '512Mi' } },
      templates: [
        { name: 'default', labels: ['default'], usage: 'NORMAL' },
        {
          name: 'nodejs', labels: ['nodejs'],
          containers: [{ name: 'node', image: 'docker.io/library/node:22.12.0-bookworm-slim', resources: { cpu: '2', memory: '2Gi' } }],
        },
      ],
      quota: {
        requests: { cpu: '40', memory: '64Gi' },
        limits: { cpu: '40', memory: '64Gi' },
        pods: 25,
        persistentVolumeClaims: 0,
        storage: '0',
        containerDefaults: { request: { cpu: '500m', memory: '512Mi' }, limit: { cpu: '500m', memory: '512Mi' } },
      },
    },
    // Only declared destinations: the artifact proxy (update-center mirror, npm, container images) and GitHub.
    egress: {
      allow: [
        { name: 'artifacts', cidrs: ['10.20.0.0/24'], ports: [443], hosts: ['artifacts.platform.example.com'] },
        { name: 'github', cidrs: ['140.82.112.0/20', '192.30.252.0/22'], ports: [443, 22] },
      ],
    },
  },
  // Placeholder URL: this repository as the fleet's Argo CD clones it. prod runs what is merged to main.
  gitops: { repoURL: 'https://git.example.com/platform/k8s-platform.git', revision: 'main' },
  apps: {
    enabled: true,
    web: {
      'web-server': {
        preset: 'nginx-static',
        subdomain: 'www',
        delivery: { mode: 'rolling', image: 'docker.io/nginxinc/nginx-unprivileged:1.30.4-alpine' },
        autoscaling: { minReplicas: 2, maxReplicas: 6, targetCpuUtilization: 70 },
        resources: { cpu: '100m', memory: '128Mi', cpuLimit: '1' },
      },
      'hello-world': {
        preset: 'hello-app',
        subdomain: 'hello',
        delivery: { mode: 'rolling', image: 'gcr.io/google-samples/hello-app:2.0' },
        autoscaling: { minReplicas: 3, maxReplicas: 10, targetCpuUtilization: 70, targetMemoryUtilization: 80 },
        resources: { cpu: '100m', memory: '64Mi', cpuLimit: '500m' },
      },
    },
  },
  backup: {
    // Placeholders: set the bucket, endpoint and base path of your object store (docs/recovery.md), and create
    // the credentials Secret it names before the first apply.
    snapshots: {
      type: 's3',
      bucket: 'change-me-logging-snapshots',
      endpoint: 's3.change-me.example.com',
      cidrs: ['192.0.2.0/24'],
      pathStyleAccess: true,
      basePath: 'prod',
      retention: { expireAfterDays: 90, minCount: 7, maxCount: 120 },
    },
    // The restore helper of the installed Velero (v1.14.1), so a restore pulls it through the mirror.
    velero: { enabled: true, ttlHours: 720, tenants: ['team-b'], restoreHelperImage: 'docker.io/velero/velero-restore-helper:v1.14.1' },
  },
  monitoring: {
    enabled: true,
    // The node pool's subnet: the kubelet and node-exporter listen on the nodes' own addresses.
    nodeCidrs: ['10.0.0.0/20'],
    prometheus: {
      image: 'quay.io/prometheus/prometheus:v2.55.1',
      // An HA pair: both scrape everything; Grafana and Alertmanager see either.
      replicas: 2,
      resources: { cpu: '1', memory: '8Gi' },
      storage: { size: '100Gi' },
      retention: { time: '15d', size: '80Gi' },
    },
    alertmanager: { image: 'quay.io/prometheus/alertmanager:v0.28.1', replicas: 3, resources: { cpu: '100m', memory: '128Mi' }, storage: { size: '2Gi' } },
    grafana: { image: 'docker.io/grafana/grafana:12.1.1', resources: { cpu: '250m', memory: '512Mi' } },
    nodeExporter: { image: 'quay.io/prometheus/node-exporter:v1.9.1', resources: { cpu: '100m', memory: '128Mi', memoryRequest: '64Mi' } },
    kubeStateMetrics: { image: 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.10.1', resources: { cpu: '100m', memory: '256Mi' } },
    elasticsearchExporter: { image: 'quay.io/prometheuscommunity/elasticsearch-exporter:v1.9.0', resources: { cpu: '100m', memory: '128Mi' } },
    nginxExporter: { image: 'docker.io/nginx/nginx-prometheus-exporter:1.5.1', resources: { cpu: '10m', memory: '32Mi' } },
  },
};
