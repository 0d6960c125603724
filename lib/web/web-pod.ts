import { k8s } from 'cdk8s-plus-27';
import { RunAs, restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../core/security';
import { containerResources, Resources } from '../core/resources';
import { hostSpread, zoneSpread } from '../core/scheduling';

/** Name of the container port (and of the Service's target port). */
export const HTTP_PORT_NAME = 'http';

export interface WebPodOptions {
  /** Container name. */
  readonly name: string;
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
  /** Paths the app writes to; each gets an emptyDir because the root filesystem is read-only. */
  readonly writablePaths: readonly string[];
  /** Command run before SIGTERM, so the endpoint is gone from the ingress controller before the app stops. @default - none */
  readonly preStop?: readonly string[];
  /** Labels of this pod that the spread constraints count (the Deployment's selector); undefined = no spreading. */
  readonly spreadBy?: Readonly<Record<string, string>>;
}

/** A `restricted`-compliant pod spec for a stateless HTTP container. */
export function webPodSpec(options: WebPodOptions): k8s.PodSpec {
  const scratch = options.writablePaths.map((path, i) => ({ name: `writable-${i}`, path }));
  const probe = (periodSeconds: number, failureThreshold: number): k8s.Probe => ({
    httpGet: { path: options.probePath, port: k8s.IntOrString.fromString(HTTP_PORT_NAME) },
    periodSeconds,
    failureThreshold,
    timeoutSeconds: 2,
  });
  return {
    securityContext: restrictedPodSecurityContext(options.runAs),
    // A web app does not call the Kubernetes API, and Service env variables only leak neighbours' addresses.
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    terminationGracePeriodSeconds: 30,
    topologySpreadConstraints: options.spreadBy && [
      hostSpread(options.spreadBy, { perRevision: true }),
      zoneSpread(options.spreadBy, { perRevision: true }),
    ],
    containers: [{
      name: options.name,
      image: options.image,
      imagePullPolicy: 'IfNotPresent',
      command: options.command && [...options.command],
      args: options.args && [...options.args],
      ports: [{ name: HTTP_PORT_NAME, containerPort: options.port, protocol: 'TCP' }],
      env: options.env.length ? [...options.env] : undefined,
      readinessProbe: probe(5, 3),
      livenessProbe: probe(10, 6),
      lifecycle: options.preStop && { preStop: { exec: { command: [...options.preStop] } } },
      resources: containerResources(options.resources),
      securityContext: restrictedContainerSecurityContext(),
      volumeMounts: [...options.volumeMounts, ...scratch.map(s => ({ name: s.name, mountPath: s.path }))],
    }],
    volumes: [...options.volumes, ...scratch.map(s => ({ name: s.name, emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } }))],
  };
}
