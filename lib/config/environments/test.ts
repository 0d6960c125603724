import { prod } from './prod';
import { inherit } from '../inherit';
import { EnvironmentInput } from '../schema';

const smallQuota = {
  requests: { cpu: '2', memory: '4Gi' },
  limits: { cpu: '4', memory: '8Gi' },
  pods: 20,
  persistentVolumeClaims: 5,
  storage: '50Gi',
};

/**
 * The test cluster: prod's topology (highly available, PDBs, anti-affinity, cert-manager TLS, the
 * registry mirror) at a smaller scale, with its own domain, tenants and a staging ACME issuer.
 * Everything not overridden here is prod's, so a change to prod reaches test first.
 */
export const test: EnvironmentInput = inherit(prod, {
  domain: 'test.platform.example.com',
  cluster: {
    // Placeholders: the test cluster's context and API server.
    context: 'test-admin',
    server: 'https://api.test.platform.example.com:6443',
    podCidrs: ['10.48.0.0/12'],
    apiServer: { cidrs: ['10.1.0.0/24'] },
  },
  ingress: {
    // Let's Encrypt staging: same ACME flow as prod, untrusted certificates, generous rate limits.
    tls: { mode: 'certManager', clusterIssuer: 'letsencrypt-staging' },
  },
  tenants: [
    { name: 'team-a', quota: smallQuota },
    { name: 'team-b', quota: smallQuota },
    {
      name: 'qa',
      access: { admin: ['user:quinn@example.com'], edit: ['group:qa'], view: ['group:auditors'] },
      quota: { ...smallQuota, containerDefaults: { request: { cpu: '100m', memory: '128Mi' }, limit: { cpu: '1', memory: '512Mi' } } },
    },
  ],
  logging: {
    retentionDays: 7,
    elasticsearch: { resources: { cpu: '1', memory: '4Gi' }, storage: { size: '50Gi' } },
    kibana: { resources: { cpu: '250m', memory: '1Gi' } },
    fluentd: { resources: { cpu: '100m', memory: '512Mi', memoryRequest: '200Mi' }, bufferLimit: '1Gi' },
  },
  ci: {
    controller: { resources: { cpu: '1', memory: '4Gi' }, storage: { size: '20Gi' } },
    agents: {
      containerCap: 4,
      quota: {
        requests: { cpu: '12', memory: '12Gi' },
        limits: { cpu: '12', memory: '12Gi' },
        pods: 6,
      },
    },
  },
  monitoring: {
    // The test cluster's node subnet (its API server is in 10.1.0.0/24).
    nodeCidrs: ['10.1.0.0/20'],
    prometheus: { resources: { cpu: '500m', memory: '4Gi' }, storage: { size: '30Gi' }, retention: { time: '7d', size: '24Gi' } },
  },
  apps: {
    web: {
      'web-server': { autoscaling: { minReplicas: 2, maxReplicas: 3 } },
      'hello-world': { autoscaling: { minReplicas: 2, maxReplicas: 4 } },
    },
  },
}, { base: 'prod', file: 'lib/config/environments/test.ts' });
