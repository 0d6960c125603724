import { k8s } from './k8s';
import { AppIdentity, selectorLabels, standardLabels } from './labels';
import { PROBE_EXEMPTION_PREFIX } from './platform-keys';
import { containerResources, Resources } from './resources';
import { RunAs, restrictedContainerSecurityContext, restrictedPodSecurityContext } from './security';

/** A container of a workload pod: what differs per image. The security context is the pod's to decide. */
export interface WorkloadContainer {
  readonly name: string;
  /** Pinned image reference. */
  readonly image: string;
  /** Overrides the image's entrypoint. @default - the image's */
  readonly command?: readonly string[];
  /** Arguments to the entrypoint. @default - the image's */
  readonly args?: readonly string[];
  /** Directory the process starts in. @default - the image's */
  readonly workingDir?: string;
  /** @default - none */
  readonly ports?: readonly k8s.ContainerPort[];
  /** @default - none */
  readonly env?: readonly k8s.EnvVar[];
  /** CPU request (and optional limit) and the memory limit, or requirements spelled out. */
  readonly resources: Resources | k8s.ResourceRequirements;
  /** @default - none */
  readonly readinessProbe?: k8s.Probe;
  /** @default - none */
  readonly livenessProbe?: k8s.Probe;
  /** @default - none */
  readonly startupProbe?: k8s.Probe;
  /** @default - none */
  readonly lifecycle?: k8s.Lifecycle;
  /** Mounts of the pod's `volumes`; scratch paths are mounted by the pod. @default - none */
  readonly volumeMounts?: readonly k8s.VolumeMount[];
  /** Scratch directories (an emptyDir each: the root filesystem is read-only), by mount path. @default - none */
  readonly scratch?: readonly ScratchDir[];
  /**
   * Why this container has no readiness/liveness probe, recorded on the pod template for the
   * guardrails (`PROBE-*`). Not needed for init containers and run-to-completion pods.
   * @default - the container is expected to have its probes
   */
  readonly probeExemption?: string;
  /** Container-level security context in place of the pod's default (a root init container, an agent). @default - the pod's */
  readonly securityContext?: k8s.SecurityContext;
}

/** An emptyDir mounted at a path. */
export interface ScratchDir {
  /** Where the container writes. */
  readonly path: string;
  /** The most the kubelet lets it hold before it evicts the pod (count every writer). */
  readonly sizeLimit: string;
  /** Volume name. @default - derived from the path */
  readonly volumeName?: string;
}

/** Who the pod's processes are, for images that cannot run non-root (node agents reading root-owned files). */
export interface RootPod {
  /** Why root is needed: written next to the choice, never silent. */
  readonly rootReason: string;
}

export interface WorkloadPodProps {
  /** Labels of the pod (the five recommended ones); the selector is name + instance. */
  readonly identity: AppIdentity;
  /** UID/GID of every process (`restricted`), or a root pod with its reason. */
  readonly runAs: RunAs | RootPod;
  /** Group that owns mounted volumes (`OnRootMismatch`). @default - volumes keep their ownership */
  readonly fsGroup?: number;
  /** The long-running containers (or the run-to-completion one of a Job). */
  readonly containers: readonly WorkloadContainer[];
  /** @default - none */
  readonly initContainers?: readonly WorkloadContainer[];
  /** Volumes besides the scratch directories. @default - none */
  readonly volumes?: readonly k8s.Volume[];
  /**
   * The ServiceAccount whose token is mounted: only pods that call the Kubernetes API get one.
   * @default - the namespace's default account, and no token mounted
   */
  readonly serviceAccountName?: string;
  /**
   * Whether the token of `serviceAccountName` is mounted: false for a pod that runs as a named account
   * but whose code must not call the API (build agents).
   * @default - true exactly when `serviceAccountName` is set
   */
  readonly automountServiceAccountToken?: boolean;
  /** Pod-template annotations, e.g. a config hash that rolls the pods. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Labels beyond the recommended ones (e.g. a track), which selectors may include. @default - none */
  readonly extraLabels?: Readonly<Record<string, string>>;
  /** @default 'Always' (Jobs pass 'OnFailure' or 'Never') */
  readonly restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  /** @default - the API default (30) */
  readonly terminationGracePeriodSeconds?: number;
  /** @default - none */
  readonly affinity?: k8s.Affinity;
  /** @default - none */
  readonly topologySpreadConstraints?: readonly k8s.TopologySpreadConstraint[];
  /** @default - none */
  readonly tolerations?: readonly k8s.Toleration[];
  /** @default - none */
  readonly priorityClassName?: string;
  /** Share the node's network namespace (node agents that serve on the node's address); needs a `privileged` namespace. @default false */
  readonly hostNetwork?: boolean;
  /** Share the node's process namespace (node agents that read every process); needs a `privileged` namespace. @default false */
  readonly hostPID?: boolean;
}

/** The pod template and what others need to refer to its pods. */
export interface WorkloadPod {
  readonly template: k8s.PodTemplateSpec;
  /** name + instance: what the workload's selector, Services, PDBs and policies select. */
  readonly selector: Record<string, string>;
}

function isRoot(runAs: RunAs | RootPod): runAs is RootPod {
  return (runAs as RootPod).rootReason !== undefined;
}

function isRequirements(resources: Resources | k8s.ResourceRequirements): resources is k8s.ResourceRequirements {
  return (resources as Resources).cpu === undefined;
}

function volumeNameOf(dir: ScratchDir): string {
  return dir.volumeName ?? (dir.path.replace(/^\/+|\/+$/g, '').replace(/[^a-z0-9]+/g, '-') || 'root');
}

/**
 * A pod template with what every workload of the platform repeats, decided once:
 * - the recommended labels, and a selector of name + instance only (immutable selectors never see
 *   labels that may change);
 * - `restricted` pod and container security contexts with a read-only root filesystem, writable
 *   scratch directories as size-limited emptyDirs;
 * - no ServiceAccount token unless the pod names the account it uses, no Service links;
 * - resources on every container, and probe exemptions recorded where the guardrails read them.
 * A root pod (node agents) keeps every other default: no privilege escalation, every capability
 * dropped, read-only root, RuntimeDefault seccomp.
 */
export function workloadPod(props: WorkloadPodProps): WorkloadPod {
  const selector = selectorLabels(props.identity);
  const root = isRoot(props.runAs);
  const containerContext = (c: WorkloadContainer): k8s.SecurityContext => c.securityContext ?? (root
    ? { ...restrictedContainerSecurityContext(), runAsNonRoot: false, runAsUser: 0, runAsGroup: 0 }
    : restrictedContainerSecurityContext());

  const scratchVolumes = new Map<string, k8s.Volume>();
  const container = (c: WorkloadContainer): k8s.Container => {
    for (const dir of c.scratch ?? []) {
      scratchVolumes.set(volumeNameOf(dir), { name: volumeNameOf(dir), emptyDir: { sizeLimit: k8s.Quantity.fromString(dir.sizeLimit) } });
    }
    const mounts = [...(c.volumeMounts ?? []), ...(c.scratch ?? []).map(dir => ({ name: volumeNameOf(dir), mountPath: dir.path }))];
    return {
      name: c.name,
      image: c.image,
      imagePullPolicy: 'IfNotPresent',
      command: c.command && [...c.command],
      args: c.args && [...c.args],
      workingDir: c.workingDir,
      ports: c.ports?.length ? [...c.ports] : undefined,
      env: c.env?.length ? [...c.env] : undefined,
      resources: isRequirements(c.resources) ? c.resources : containerResources(c.resources),
      startupProbe: c.startupProbe,
      readinessProbe: c.readinessProbe,
      livenessProbe: c.livenessProbe,
      lifecycle: c.lifecycle,
      securityContext: containerContext(c),
      volumeMounts: mounts.length ? mounts : undefined,
    };
  };

  const initContainers = (props.initContainers ?? []).map(container);
  const containers = props.containers.map(container);
  const exemptions = Object.fromEntries(props.containers.filter(c => c.probeExemption).map(c => [`${PROBE_EXEMPTION_PREFIX}${c.name}`, c.probeExemption!]));
  const annotations = { ...props.annotations, ...exemptions };
  const volumes = [...(props.volumes ?? []), ...scratchVolumes.values()];
  const podContext: k8s.PodSecurityContext = isRoot(props.runAs)
    ? { runAsNonRoot: false, runAsUser: 0, runAsGroup: 0, seccompProfile: { type: 'RuntimeDefault' } }
    : restrictedPodSecurityContext({ ...props.runAs, fsGroup: props.fsGroup });

  return {
    selector,
    template: {
      metadata: {
        labels: { ...standardLabels(props.identity), ...props.extraLabels },
        annotations: Object.keys(annotations).length ? annotations : undefined,
      },
      spec: {
        serviceAccountName: props.serviceAccountName,
        automountServiceAccountToken: props.automountServiceAccountToken ?? props.serviceAccountName !== undefined,
        // Service variables only leak the neighbours' addresses, and slow pods in busy namespaces.
        enableServiceLinks: false,
        restartPolicy: props.restartPolicy,
        terminationGracePeriodSeconds: props.terminationGracePeriodSeconds,
        priorityClassName: props.priorityClassName,
        hostNetwork: props.hostNetwork || undefined,
        hostPid: props.hostPID || undefined,
        // On the host network, cluster DNS is only reachable with this policy.
        dnsPolicy: props.hostNetwork ? 'ClusterFirstWithHostNet' : undefined,
        securityContext: podContext,
        affinity: props.affinity,
        topologySpreadConstraints: props.topologySpreadConstraints && [...props.topologySpreadConstraints],
        tolerations: props.tolerations && [...props.tolerations],
        initContainers: initContainers.length ? initContainers : undefined,
        containers,
        volumes: volumes.length ? volumes : undefined,
      },
    },
  };
}
