import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { NamespaceQuota } from './namespace-quota';
import { PlatformNamespace } from './namespace';
import { EnvironmentConfig } from '../config/schema';
import { TENANT_ROLES, TenantConfig } from '../config/platform';
import { labelTree } from '../core/labels';
import { ingressControllerPeer } from '../network/cluster-peers';
import { NetworkFlow } from '../network/flow';
import { Peer } from '../network/peer';

export interface TenantProps {
  /** The team: name, who gets which role, quota. */
  readonly tenant: TenantConfig;
  /** Cluster facts (DNS). */
  readonly cluster: EnvironmentConfig['cluster'];
  /** Where the ingress controller runs: tenants may receive traffic from it. */
  readonly ingress: EnvironmentConfig['ingress'];
}

/**
 * A team's namespace: `restricted` Pod Security, a quota, RoleBindings of its members to the
 * built-in `admin`/`edit`/`view` ClusterRoles, traffic allowed inside the namespace and from the
 * ingress controller, everything else denied.
 */
export class Tenant extends Construct {
  public readonly namespace: PlatformNamespace;

  constructor(scope: Construct, id: string, props: TenantProps) {
    super(scope, id);
    const { tenant } = props;
    this.namespace = new PlatformNamespace(this, 'namespace', { name: tenant.name, cluster: props.cluster });

    new NamespaceQuota(this, 'quota', { namespace: tenant.name, quota: tenant.quota });

    for (const role of TENANT_ROLES) {
      const subjects = tenant.access[role];
      if (subjects.length === 0) continue;
      new k8s.KubeRoleBinding(this, `role-${role}`, {
        metadata: { name: `tenant-${role}`, namespace: tenant.name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
        subjects: subjects.map(toSubject),
      });
    }

    const everyPod = Peer.namespace(tenant.name);
    new NetworkFlow(this, 'same-namespace', { name: 'same-namespace', from: everyPod, to: everyPod });
    new NetworkFlow(this, 'from-ingress', { from: ingressControllerPeer(props.ingress), to: everyPod });

    labelTree(this, { name: tenant.name, component: 'tenant', partOf: 'platform' });
  }
}

function toSubject(subject: string): k8s.Subject {
  const [kind, ...rest] = subject.split(':');
  return { kind: kind === 'group' ? 'Group' : 'User', name: rest.join(':'), apiGroup: 'rbac.authorization.k8s.io' };
}
