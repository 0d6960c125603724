import { k8s } from '../core/k8s';
import { AppIdentity } from '../core/labels';
import { Resources } from '../core/resources';
import { hostSpread, zoneSpread } from '../core/scheduling';
import { RunAs } from '../core/security';
import { WorkloadContainer, workloadPod } from '../core/workload-pod';

/** Name of the container port (and of the Service's target port). */
export const HTTP_PORT_NAME = 'http';

export interface WebPodOptions {
  /** Labels of the pod; the container is named after `identity.name`. */
  readonly identity: AppIdentity;
  /** Labels beyond the recommended ones (the track or colour). */
  readonly extraLabels: Readonly<Record<string, string>>;
  /** Pod-template annotations (the config hash). */
  readonly annotations: Readonly<Record<string, string>>;
  /** Pinned image reference. */
  readonly image: string;
  /** Overrides the image's entrypoint. @default - the image's */
  readonly command?: readonly string[];
  /** Arguments to the entrypoint. @default - the image's */
  readonly args?: readonly string[];
  /** Container port the app listens on, named `http`. */
  readonly port: number;
  /** HTTP path that answers 200 when the app can serve. */
  readonly probePath: string;
  /** CPU and memory requests and limits. */
  readonly resources: Resources;
  /** Numeric UID/GID of the pod (`runAsNonRoot` needs a number to verify). */
  readonly runAs: RunAs;
  /** Environment variables of the container (e.g. from the app's ConfigMap); none when empty. */
  readonly env: readonly k8s.EnvVar[];
  /** Volumes besides the writable emptyDirs (e.g. the app's ConfigMap). */
  readonly volumes: readonly k8s.Volume[];
  /** Mounts of `volumes` in the container. */
  readonly volumeMounts: readonly k8s.VolumeMount[];
  /** Paths the app writes to; each gets a 64Mi emptyDir because the root filesystem is read-only. */
  readonly writablePaths: readonly string[];
  /** Command run before SIGTERM, so the endpoint is gone from the ingress controller before the app stops. @default - none */
  readonly preStop?: readonly string[];
  /** Labels of this pod that the spread constraints count (the Deployment's selector); undefined = no spreading. */
  readonly spreadBy?: Readonly<Record<string, string>>;
  /** Containers beside the app's (a metrics exporter). @default - none */
  readonly sidecars?: readonly WorkloadContainer[];
}

/** A `restricted` pod template for a stateless HTTP container that never calls the Kubernetes API. */
export function webPodTemplate(options: WebPodOptions): k8s.PodTemplateSpec {
  const probe = (periodSeconds: number, failureThreshold: number): k8s.Probe => ({
    httpGet: { path: options.probePath, port: k8s.IntOrString.fromString(HTTP_PORT_NAME) },
    periodSeconds,
    failureThreshold,
    timeoutSeconds: 2,
  });
  return workloadPod({
    identity: options.identity,
    extraLabels: options.extraLabels,
    annotations: options.annotations,
    runAs: options.runAs,
    terminationGracePeriodSeconds: 30,
    topologySpreadConstraints: options.spreadBy && [
      hostSpread(options.spreadBy, { perRevision: true }),
      zoneSpread(options.spreadBy, { perRevision: true }),
    ],
    volumes: options.volumes,
    containers: [{
      name: options.identity.name,
      image: options.image,
      command: options.command,
      args: options.args,
      ports: [{ name: HTTP_PORT_NAME, containerPort: options.port, protocol: 'TCP' }],
      env: options.env,
      readinessProbe: probe(5, 3),
      livenessProbe: probe(10, 6),
      lifecycle: options.preStop && { preStop: { exec: { command: [...options.preStop] } } },
      resources: options.resources,
      volumeMounts: options.volumeMounts,
      scratch: options.writablePaths.map((path, i) => ({ path, sizeLimit: '64Mi', volumeName: `writable-${i}` })),
    }, ...options.sidecars ?? []],
  }).template;
}
