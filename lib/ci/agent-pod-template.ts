import { k8s } from '../core/k8s';
import { AGENT_IDENTITY, JNLP_CONTAINER } from './identity';
import { selectorLabels } from '../core/labels';
import { restrictedContainerSecurityContext } from '../core/security';
import { WorkloadContainer, workloadPod } from '../core/workload-pod';
import { writeYaml } from '../core/write-yaml';

/**
 * The labels the Jenkins cloud puts on every agent pod (its `podLabels`, which also apply to pod
 * templates defined in pipelines) and the only labels NetworkPolicies select agents by: one
 * constant for both, so a policy can never miss the pods it is meant for.
 */
export const AGENT_POD_LABELS: Readonly<Record<string, string>> = selectorLabels(AGENT_IDENTITY);

/** Working directory of every agent container; the kubernetes plugin mounts the workspace emptyDir here. */
export const AGENT_WORKING_DIR = '/home/jenkins/agent';

// The inbound-agent image declares `USER jenkins` (a name): runAsNonRoot needs a numeric uid to be verifiable.
const AGENT_UID = 1000;

/** A pod template as the kubernetes plugin reads it from JCasC (`jenkins.clouds[].kubernetes.templates[]`). */
export interface JcascPodTemplate {
  readonly name: string;
  readonly namespace: string;
  /** Space-separated Jenkins labels. */
  readonly label: string;
  readonly nodeUsageMode: 'NORMAL' | 'EXCLUSIVE';
  readonly serviceAccount: string;
  readonly podRetention: 'Never';
  readonly idleMinutes: number;
  readonly yamlMergeStrategy: 'override';
  /** The whole pod as Kubernetes YAML: seccomp, numeric uid and exact resources are not expressible as template fields. */
  readonly yaml: string;
}

/** CPU and memory of an agent container, requested and limited alike so the agents' ResourceQuota admits pods predictably. */
export interface AgentContainerResources {
  /** CPU request and limit. */
  readonly cpu: string;
  /** Memory request and limit. */
  readonly memory: string;
}

/** A container that runs build steps next to `jnlp` (`container('node') { ... }` in a pipeline). */
export interface BuildContainerProps {
  /** Container name pipelines refer to; not `jnlp`. */
  readonly name: string;
  /** Pinned image reference. */
  readonly image: string;
  /** Its CPU and memory. */
  readonly resources: AgentContainerResources;
}

/**
 * The `jnlp` container every template shares: the agent process that connects to the controller. It keeps the
 * image's entrypoint, which turns the plugin's variables into agent.jar's options (lib/ci/agent-startup-facts.ts).
 */
export interface JnlpContainerProps {
  /** Pinned `jenkins/inbound-agent` image. */
  readonly image: string;
  /** Its CPU and memory. */
  readonly resources: AgentContainerResources;
}

export interface AgentPodTemplateProps {
  /** Template name (also the prefix of agent pod names). */
  readonly name: string;
  /** Jenkins labels jobs select the template by (`agent { label 'maven' }`). */
  readonly labels: readonly string[];
  /**
   * `NORMAL` also takes jobs that name no label; `EXCLUSIVE` only jobs asking for one of `labels`.
   * @default 'EXCLUSIVE'
   */
  readonly usage?: 'NORMAL' | 'EXCLUSIVE';
  /**
   * Build containers next to `jnlp`.
   * @default - none: steps run in `jnlp`
   */
  readonly containers?: readonly BuildContainerProps[];
  /** The `jnlp` container. */
  readonly jnlp: JnlpContainerProps;
  /** Namespace agent pods are created in. */
  readonly namespace: string;
  /** Agent ServiceAccount; its token is never mounted. */
  readonly serviceAccountName: string;
}

/**
 * The agent pod of a template: restricted Pod Security (numeric uid 1000, seccomp, no
 * capabilities, no privilege escalation), requests = limits so the agents' ResourceQuota admits it,
 * no ServiceAccount token. Root filesystems stay writable: builds write caches and tools all over
 * their home, and the pod is deleted after each build.
 */
function agentPod(props: AgentPodTemplateProps): Record<string, unknown> {
  const { template } = workloadPod({
    identity: AGENT_IDENTITY,
    runAs: { user: AGENT_UID },
    fsGroup: AGENT_UID,
    serviceAccountName: props.serviceAccountName,
    automountServiceAccountToken: false,
    containers: [
      agentContainer({ name: JNLP_CONTAINER, ...props.jnlp }),
      // Build containers idle until a pipeline step runs in them (`container('node') { sh ... }`).
      // Tool caches (npm, maven) go to the writable workspace: uid 1000 may have no home in the image.
      ...(props.containers ?? []).map(c => agentContainer({ ...c, command: ['sleep'], args: ['infinity'], env: [{ name: 'HOME', value: AGENT_WORKING_DIR }] })),
    ],
  });
  return k8s.KubePod.manifest({ metadata: template.metadata, spec: template.spec });
}

/** The JCasC entry of a template. */
export function agentPodTemplate(props: AgentPodTemplateProps): JcascPodTemplate {
  return {
    name: props.name,
    namespace: props.namespace,
    label: props.labels.join(' '),
    nodeUsageMode: props.usage ?? 'EXCLUSIVE',
    serviceAccount: props.serviceAccountName,
    podRetention: 'Never',
    idleMinutes: 0,
    yamlMergeStrategy: 'override',
    yaml: writeYaml(agentPod(props)),
  };
}

type AgentContainerOptions = Omit<WorkloadContainer, 'resources'> & { readonly resources: AgentContainerResources };

function agentContainer(container: AgentContainerOptions): WorkloadContainer {
  const amounts = { cpu: k8s.Quantity.fromString(container.resources.cpu), memory: k8s.Quantity.fromString(container.resources.memory) };
  const resources: k8s.ResourceRequirements = { requests: amounts, limits: amounts };
  return {
    ...container,
    workingDir: AGENT_WORKING_DIR,
    resources,
    securityContext: { ...restrictedContainerSecurityContext({ user: AGENT_UID }), readOnlyRootFilesystem: false },
  };
}
