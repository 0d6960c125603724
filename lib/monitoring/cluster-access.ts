import { Construct } from 'constructs';
import { k8s } from '../core/k8s';

export interface ClusterAccessProps {
  /** Namespace of the ServiceAccount. */
  readonly namespace: string;
  /** ServiceAccount name; the ClusterRole and its binding are `<namespace>-<name>`. */
  readonly name: string;
  /** What the account may do, cluster-wide. */
  readonly rules: readonly k8s.PolicyRule[];
}

/** A ServiceAccount with a ClusterRole of exactly `rules`, bound to it. */
export class ClusterAccess extends Construct {
  public readonly serviceAccount: k8s.KubeServiceAccount;
  public readonly clusterRole: k8s.KubeClusterRole;

  constructor(scope: Construct, id: string, props: ClusterAccessProps) {
    super(scope, id);
    this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: props.name, namespace: props.namespace },
      // The pod mounts its token itself (workloadPod names the account).
      automountServiceAccountToken: false,
    });
    this.clusterRole = new k8s.KubeClusterRole(this, 'cluster-role', {
      metadata: { name: `${props.namespace}-${props.name}` },
      rules: [...props.rules],
    });
    new k8s.KubeClusterRoleBinding(this, 'binding', {
      metadata: { name: this.clusterRole.name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: this.clusterRole.name },
      subjects: [{ kind: 'ServiceAccount', name: this.serviceAccount.name, namespace: props.namespace }],
    });
  }
}

/** get, list and watch: what service discovery and exporters need. */
export const READ_VERBS = ['get', 'list', 'watch'];
