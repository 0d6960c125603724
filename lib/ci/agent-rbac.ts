import { Construct } from 'constructs';
import { k8s } from '../core/k8s';

/**
 * What the kubernetes plugin does in the agents namespace: create, watch and delete agent pods,
 * exec into them (`container()` steps), read their logs and the events that explain a pod stuck
 * in Pending. Nothing else: no Secrets, no cluster scope.
 */
export const AGENT_SCHEDULER_RULES: readonly k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete', 'get', 'list', 'watch', 'patch', 'update'] },
  { apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch'] },
];

export interface AgentRbacProps {
  /** Namespace agent pods run in: the Role, its binding and the agent ServiceAccount live there. */
  readonly agentNamespace: string;
  /** The controller's ServiceAccount (in the controller's namespace). */
  readonly controllerServiceAccount: k8s.KubeServiceAccount;
  /**
   * Name of the Role and its binding.
   * @default 'jenkins-agents'
   */
  readonly name?: string;
}

/**
 * A Role in the agents namespace bound to the controller's ServiceAccount (a namespaced grant,
 * never a ClusterRole), and the ServiceAccount agent pods run as, which mounts no API token: build
 * code never talks to the Kubernetes API with the agent's identity.
 */
export class AgentRbac extends Construct {
  /** The ServiceAccount agent pods run as. */
  public readonly agentServiceAccount: k8s.KubeServiceAccount;

  constructor(scope: Construct, id: string, props: AgentRbacProps) {
    super(scope, id);
    const name = props.name ?? 'jenkins-agents';
    const controller = props.controllerServiceAccount;
    const controllerNamespace = controller.metadata.namespace;
    if (!controllerNamespace) throw new Error(`AgentRbac: ServiceAccount "${controller.name}" needs an explicit namespace`);

    const role = new k8s.KubeRole(this, 'role', {
      metadata: { name, namespace: props.agentNamespace },
      rules: [...AGENT_SCHEDULER_RULES],
    });
    new k8s.KubeRoleBinding(this, 'binding', {
      metadata: { name, namespace: props.agentNamespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.name },
      subjects: [{ kind: 'ServiceAccount', name: controller.name, namespace: controllerNamespace }],
    });
    this.agentServiceAccount = new k8s.KubeServiceAccount(this, 'agent', {
      metadata: { name: 'jenkins-agent', namespace: props.agentNamespace },
      automountServiceAccountToken: false,
    });
  }
}
