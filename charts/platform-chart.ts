import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../lib/config/schema';
import { labelTree } from '../lib/core/labels';
import { PodSecurityLevel } from '../lib/core/pod-security';
import { ingressControllerPeer } from '../lib/network/cluster-peers';
import { PlatformNamespace } from '../lib/platform/namespace';
import { Tenant } from '../lib/platform/tenant';

/** A stack namespace and the Pod Security level its workloads need. */
export interface NamespaceRequest {
  readonly name: string;
  readonly podSecurity: PodSecurityLevel;
  /** Required below `restricted`: which workload needs the weaker level, and why. */
  readonly reason?: string;
}

export interface PlatformChartProps {
  /** The environment: cluster facts (DNS), ingress controller and tenants. */
  readonly config: EnvironmentConfig;
  /** The namespaces of the stack's enabled components. */
  readonly namespaces: readonly NamespaceRequest[];
}

/** Namespaces (with Pod Security labels and default-deny) and tenants: applied before anything that lives in them. */
export class PlatformChart extends Chart {
  constructor(scope: Construct, id: string, props: PlatformChartProps) {
    super(scope, id);
    const { config } = props;
    for (const ns of props.namespaces) {
      const namespace = new PlatformNamespace(this, `namespace-${ns.name}`, {
        name: ns.name, podSecurity: ns.podSecurity, podSecurityReason: ns.reason, clusterDns: config.cluster.dns,
      });
      labelTree(namespace, { name: ns.name, component: 'namespace', partOf: 'platform' });
    }
    const ingressController = ingressControllerPeer(config.ingress);
    for (const { name, access, quota } of config.tenants) {
      new Tenant(this, `tenant-${name}`, { name, access, quota, ingressController, clusterDns: config.cluster.dns });
    }
  }
}
