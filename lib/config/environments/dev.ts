import { EnvironmentInput } from '../schema';

/**
 * A single-node laptop cluster (kind or minikube): one replica of everything, small requests,
 * hosts under localtest.me (which resolves to 127.0.0.1).
 */
export const dev: EnvironmentInput = {
  highlyAvailable: false,
  domain: 'localtest.me',
  cluster: {
    // `kind create cluster --name platform` names the context kind-platform; pin the API server port in
    // the kind config (networking.apiServerPort: 6443) so the URL is stable.
    context: 'kind-platform',
    server: 'https://127.0.0.1:6443',
    podCidrs: ['10.244.0.0/16'],
    serviceCidrs: ['10.96.0.0/12'],
    // kind runs the API server on the node container (docker network 172.18.0.0/16, port 6443);
    // minikube on 192.168.49.0/24, port 8443.
    apiServer: { cidrs: ['172.16.0.0/12', '192.168.0.0/16'], ports: [6443, 8443] },
    dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } },
  },
  ingress: {
    className: 'nginx',
    controllerNamespace: 'ingress-nginx',
    controllerPodLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
    tls: { mode: 'existingSecrets' },
  },
  images: {
    kubectl: 'docker.io/alpine/k8s:1.27.16',
  },
  tenants: [
    {
      name: 'team-a',
      access: { admin: ['user:alice@example.com'], edit: ['group:team-a'] },
      quota: {
        requests: { cpu: '2', memory: '4Gi' },
        limits: { cpu: '4', memory: '8Gi' },
        pods: 20,
        persistentVolumeClaims: 5,
        storage: '20Gi',
        containerDefaults: { request: { cpu: '50m', memory: '64Mi' }, limit: { cpu: '500m', memory: '256Mi' } },
      },
    },
  ],
  logging: {
    enabled: true,
    retentionDays: 3,
    elasticsearch: {
      image: 'docker.elastic.co/elasticsearch/elasticsearch:8.19.21',
      replicas: 1,
      resources: { cpu: '500m', memory: '2Gi' },
      storage: { size: '10Gi' },
      // Laptop nodes are not tuned and the namespace stays restricted: trade some read speed for no node change.
      vmMaxMapCount: 'disableMmap',
      tls: { mode: 'disabled' },
    },
    kibana: { image: 'docker.elastic.co/kibana/kibana:8.19.21', replicas: 1, resources: { cpu: '250m', memory: '1Gi' } },
    fluentd: {
      image: 'docker.io/fluent/fluentd-kubernetes-daemonset:v1.19.3-debian-elasticsearch8-1.1',
      // Burstable memory: a modest request on every node, room for backlogs up to the limit.
      resources: { cpu: '100m', memory: '512Mi', memoryRequest: '200Mi' },
      bufferLimit: '512Mi',
    },
    // kind's API server writes no audit log unless configured to: turn on with { enabled: true, retentionDays }.
    audit: { enabled: false },
  },
  ci: {
    enabled: true,
    controller: {
      image: 'docker.io/jenkins/jenkins:2.555.3-lts-jdk21',
      resources: { cpu: '500m', memory: '2Gi' },
      storage: { size: '8Gi' },
      startupProbeSeconds: 300,
    },
    // Pins resolved together (jenkinsci/helm-charts values for 2.555.x): bump them as a set.
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
    },
    agents: {
      mode: 'webSocket',
      containerCap: 2,
      jnlp: { image: 'docker.io/jenkins/inbound-agent:3355.v388858a_47b_33-19-jdk21', resources: { cpu: '500m', memory: '512Mi' } },
      templates: [
        { name: 'default', labels: ['default'], usage: 'NORMAL' },
        {
          name: 'nodejs', labels: ['nodejs'],
          containers: [{ name: 'node', image: 'docker.io/library/node:22.12.0-bookworm-slim', resources: { cpu: '1', memory: '1Gi' } }],
        },
      ],
      quota: {
        requests: { cpu: '4', memory: '6Gi' },
        limits: { cpu: '4', memory: '6Gi' },
        pods: 8,
        persistentVolumeClaims: 0,
        storage: '0',
        containerDefaults: { request: { cpu: '250m', memory: '256Mi' }, limit: { cpu: '250m', memory: '256Mi' } },
      },
    },
    // A laptop cluster: plugins, SCM and registries straight from the internet.
    egress: { internet: true },
  },
  apps: {
    enabled: true,
    web: {
      'web-server': {
        preset: 'nginx-static',
        subdomain: 'www',
        delivery: { mode: 'rolling', image: 'docker.io/nginxinc/nginx-unprivileged:1.30.4-alpine' },
        replicas: 1,
        resources: { cpu: '50m', memory: '64Mi' },
      },
      'hello-world': {
        preset: 'hello-app',
        subdomain: 'hello',
        // Demonstrates a canary on the laptop: about one request in five answers "Version: 2.0.0".
        delivery: {
          mode: 'canary',
          image: 'gcr.io/google-samples/hello-app:1.0',
          canaryImage: 'gcr.io/google-samples/hello-app:2.0',
          weight: 20,
        },
        replicas: 1,
        resources: { cpu: '50m', memory: '32Mi' },
      },
    },
  },
  backup: {
    // No snapshots: dev clusters (kind, laptops) have no ReadWriteMany class and no object store, and dev logs
    // live 3 days and can be lost. Try snapshots with { type: 'fs', storage: { storageClassName: '<rwx class>', size: '10Gi' }, retention }.
    snapshots: { type: 'none' },
    velero: { enabled: false },
  },
  monitoring: {
    enabled: true,
    // kind's node containers (docker network) and minikube's VM network, as for the API server.
    nodeCidrs: ['172.16.0.0/12', '192.168.0.0/16'],
    prometheus: {
      image: 'quay.io/prometheus/prometheus:v2.55.1',
      replicas: 1,
      resources: { cpu: '200m', memory: '1Gi' },
      storage: { size: '5Gi' },
      retention: { time: '2d' },
    },
    alertmanager: { image: 'quay.io/prometheus/alertmanager:v0.28.1', replicas: 1, resources: { cpu: '50m', memory: '64Mi' }, storage: { size: '1Gi' } },
    grafana: { image: 'docker.io/grafana/grafana:12.1.1', resources: { cpu: '100m', memory: '256Mi' } },
    nodeExporter: { image: 'quay.io/prometheus/node-exporter:v1.9.1', resources: { cpu: '50m', memory: '64Mi' } },
    kubeStateMetrics: { image: 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.10.1', resources: { cpu: '50m', memory: '128Mi' } },
    elasticsearchExporter: { image: 'quay.io/prometheuscommunity/elasticsearch-exporter:v1.9.0', resources: { cpu: '50m', memory: '64Mi' } },
    nginxExporter: { image: 'docker.io/nginx/nginx-prometheus-exporter:1.5.1', resources: { cpu: '10m', memory: '32Mi' } },
  },
};
