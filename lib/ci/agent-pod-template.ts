import { k8s } from 'cdk8s-plus-27';
import { stringify } from 'yaml';
import { AgentResources, BuildContainer, PodTemplateConfig } from '../config/ci';
import { AGENT_IDENTITY, JNLP_CONTAINER } from './identity';
import { selectorLabels, standardLabels } from '../core/labels';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../core/security';

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

export interface AgentPodTemplateProps {
  /** The template's name, labels and build containers. */
  readonly template: PodTemplateConfig;
  /** The `jnlp` container every template shares. */
  readonly jnlp: { readonly image: string; readonly resources: AgentResources };
  /** Namespace agent pods are created in. */
  readonly namespace: string;
  /** Agent ServiceAccount (without an API token). */
  readonly serviceAccountName: string;
}

/**
 * The agent pod of a template: restricted Pod Security (numeric uid 1000, seccomp, no
 * capabilities, no privilege escalation), requests = limits so the agents' ResourceQuota admits it,
 * no ServiceAccount token. Root filesystems stay writable: builds write caches and tools all over
 * their home, and the pod is deleted after each build.
 */
function agentPod(props: AgentPodTemplateProps): Record<string, unknown> {
  const { template, jnlp } = props;
  return k8s.KubePod.manifest({
    metadata: { labels: standardLabels(AGENT_IDENTITY) },
    spec: {
      serviceAccountName: props.serviceAccountName,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: restrictedPodSecurityContext({ user: AGENT_UID, fsGroup: AGENT_UID }),
      containers: [
        { name: JNLP_CONTAINER, image: jnlp.image, workingDir: AGENT_WORKING_DIR, resources: exactResources(jnlp.resources), securityContext: agentContainerSecurityContext() },
        ...template.containers.map(buildContainer),
      ],
    },
  });
}

/** The JCasC entry of a template. */
export function agentPodTemplate(props: AgentPodTemplateProps): JcascPodTemplate {
  const { template } = props;
  return {
    name: template.name,
    namespace: props.namespace,
    label: template.labels.join(' '),
    nodeUsageMode: template.usage,
    serviceAccount: props.serviceAccountName,
    podRetention: 'Never',
    idleMinutes: 0,
    yamlMergeStrategy: 'override',
    yaml: stringify(agentPod(props)),
  };
}

function buildContainer(container: BuildContainer): k8s.Container {
  return {
    name: container.name,
    image: container.image,
    // Build containers idle until a pipeline step runs in them (`container('node') { sh ... }`).
    command: ['sleep'],
    args: ['infinity'],
    workingDir: AGENT_WORKING_DIR,
    // Tool caches (npm, maven) go to the writable workspace: uid 1000 may have no home in the image.
    env: [{ name: 'HOME', value: AGENT_WORKING_DIR }],
    resources: exactResources(container.resources),
    securityContext: agentContainerSecurityContext(),
  };
}

function agentContainerSecurityContext(): k8s.SecurityContext {
  return { ...restrictedContainerSecurityContext({ user: AGENT_UID }), readOnlyRootFilesystem: false };
}

function exactResources(resources: AgentResources): k8s.ResourceRequirements {
  const amounts = { cpu: k8s.Quantity.fromString(resources.cpu), memory: k8s.Quantity.fromString(resources.memory) };
  return { requests: amounts, limits: amounts };
}
