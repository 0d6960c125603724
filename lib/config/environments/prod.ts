import { EnvironmentInput } from '../schema';

/** The production cluster: highly available, spread over three zones, TLS from cert-manager. */
export const prod: EnvironmentInput = {
  name: 'prod',
  highlyAvailable: true,
  domain: 'platform.example.com',
  cluster: {
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
      // The node pool's bootstrap sets vm.max_map_count=262144 (cluster prerequisite, see NOTES-logging.md).
      vmMaxMapCount: 'preconfigured',
      zoneSpread: true,
      // A CA-type ClusterIssuer for in-cluster names (letsencrypt cannot issue *.svc names).
      tls: { mode: 'certManager', clusterIssuer: 'platform-ca' },
    },
    kibana: { image: 'docker.elastic.co/kibana/kibana:8.19.21', replicas: 2, resources: { cpu: '500m', memory: '2Gi' } },
    fluentd: {
      image: 'docker.io/fluent/fluentd-kubernetes-daemonset:v1.19.3-debian-elasticsearch8-1.1',
      resources: { cpu: '200m', memory: '1Gi' },
      bufferLimit: '4Gi',
    },
  },
  ci: { enabled: true },
  apps: {
    enabled: true,
    webServer: {
      subdomain: 'www',
      delivery: { mode: 'rolling', image: 'docker.io/nginxinc/nginx-unprivileged:1.30.4-alpine' },
      autoscaling: { minReplicas: 2, maxReplicas: 6, targetCpuUtilization: 70 },
      resources: { cpu: '100m', memory: '128Mi', cpuLimit: '1' },
    },
    helloWorld: {
      subdomain: 'hello',
      delivery: { mode: 'rolling', image: 'gcr.io/google-samples/hello-app:2.0' },
      autoscaling: { minReplicas: 3, maxReplicas: 10, targetCpuUtilization: 70, targetMemoryUtilization: 80 },
      resources: { cpu: '100m', memory: '64Mi', cpuLimit: '500m' },
    },
  },
};
