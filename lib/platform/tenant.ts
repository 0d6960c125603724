import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { ClusterDns, PlatformNamespace } from './namespace';
import { NamespaceQuota, NamespaceQuotaSpec } from './namespace-quota';
import { TENANT_ROLES, TenantRole } from './tenant-roles';
import { labelTree } from '../core/labels';
import { NetworkFlow } from '../network/flow';
import { Peer, PodsPeer } from '../network/peer';

export interface TenantProps {
  /** The team's namespace, and the `app.kubernetes.io/name` of its objects. */
  readonly name: string;
  /**
   * Members of each built-in ClusterRole in the namespace, as `user:<name>` or `group:<name>`.
   * @default - nobody: a role without members gets no RoleBinding
   */
  readonly access?: Readonly<Partial<Record<TenantRole, readonly string[]>>>;
  /** Ceilings and per-container defaults of the namespace. */
  readonly quota: NamespaceQuotaSpec;
  /** The ingress controller's pods: they may reach every pod of the tenant. */
  readonly ingressController: PodsPeer;
  /**
   * Where the cluster DNS pods run.
   * @default KUBE_DNS
   */
  readonly clusterDns?: ClusterDns;
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
    const { name } = props;
    this.namespace = new PlatformNamespace(this, 'namespace', { name, clusterDns: props.clusterDns });

    new NamespaceQuota(this, 'quota', { namespace: name, quota: props.quota });

    for (const role of TENANT_ROLES) {
      const subjects = props.access?.[role] ?? [];
      if (subjects.length === 0) continue;
      new k8s.KubeRoleBinding(this, `role-${role}`, {
        metadata: { name: `tenant-${role}`, namespace: name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
        subjects: subjects.map(subject => toSubject(name, subject)),
      });
    }

    const everyPod = Peer.namespace(name);
    new NetworkFlow(this, 'same-namespace', { name: 'same-namespace', from: everyPod, to: everyPod });
    new NetworkFlow(this, 'from-ingress', { from: props.ingressController, to: everyPod });

    labelTree(this, { name, component: 'tenant', partOf: 'platform' });
  }
}

/** `user:<name>` or `group:<name>`, as the API server's authenticator reports them, as an RBAC subject. */
function toSubject(tenant: string, subject: string): k8s.Subject {
  const match = /^(user|group):(.+)$/.exec(subject);
  if (!match) throw new Error(`Tenant "${tenant}": subject "${subject}" must be "user:<name>" or "group:<name>"`);
  return { kind: match[1] === 'group' ? 'Group' : 'User', name: match[2], apiGroup: 'rbac.authorization.k8s.io' };
}
