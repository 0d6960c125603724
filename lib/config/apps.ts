import { z } from 'zod';
import { absolutePath, bool, cidr, dnsLabel, envName, image, integer, labelMap, oneOf, port, replicas, resources, strictObject } from './primitives';
import { ComponentSwitches, componentOf, enabledStackNamespaces } from '../platform/stack-namespaces';

/**
 * Images the platform knows how to run without being told their user, port and probes: each name
 * is a preset in `lib/web/presets.ts` (the extension point for apps that need code).
 */
export const APP_PRESETS = ['nginx-static', 'hello-app'] as const;
export type AppPreset = typeof APP_PRESETS[number];

/**
 * How a new version reaches users. `rolling` replaces pods in place; `canary` runs a second
 * Deployment of `canaryImage` that receives `weight` percent of the requests through an
 * ingress-nginx canary Ingress; `blueGreen` runs both colours and the Service sends every request
 * to `active` (switching is this one field).
 */
export const deliverySchema = z.discriminatedUnion('mode', [
  strictObject({ mode: z.literal('rolling'), image }),
  strictObject({
    mode: z.literal('canary'),
    /** The stable version: what the main Service and the HPA serve. */
    image,
    /** The version under test. */
    canaryImage: image,
    /** Share of requests sent to the canary, in percent (0 = none, 100 = all). */
    weight: integer(0, 100),
    /** Fixed replica count of the canary Deployment. @default 1 (applied by the WebApp construct) */
    canaryReplicas: replicas.optional(),
  }),
  strictObject({
    mode: z.literal('blueGreen'),
    /** The colour the Service selects: the only field to change for a switch or a switch back. */
    active: oneOf(['blue', 'green'] as const),
    images: strictObject({ blue: image, green: image }),
  }),
], { errorMap: () => ({ message: 'expected { mode: "rolling", image }, { mode: "canary", image, canaryImage, weight } or { mode: "blueGreen", active, images: { blue, green } }' }) });

/** HorizontalPodAutoscaler bounds and targets (percent of the container requests). */
export const autoscalingSchema = strictObject({
  minReplicas: replicas,
  maxReplicas: replicas,
  /** Average CPU use to aim for. @default 70 (applied by the Autoscaler construct) */
  targetCpuUtilization: integer(10, 100).optional(),
  /** Also scale on memory. @default - CPU only */
  targetMemoryUtilization: integer(10, 100).optional(),
}).refine(a => a.minReplicas <= a.maxReplicas, { message: 'expected minReplicas <= maxReplicas', path: ['maxReplicas'] });

/** The other end of an extra network flow. */
export const flowPeerSchema = z.discriminatedUnion('kind', [
  /** Another app of this environment (a key of `apps.web`). */
  strictObject({ kind: z.literal('app'), name: dnsLabel }),
  /** Pods of any namespace (managed namespaces get their side of the policy too). */
  strictObject({ kind: z.literal('pods'), name: dnsLabel, namespace: dnsLabel, podLabels: labelMap }),
  /** Addresses outside the pod network. */
  strictObject({ kind: z.literal('cidrs'), name: dnsLabel, cidrs: z.array(cidr).min(1, 'expected at least one CIDR') }),
  /** Anything outside the cluster. */
  strictObject({ kind: z.literal('internet') }),
], { errorMap: () => ({ message: 'expected { kind: "app", name }, { kind: "pods", name, namespace, podLabels }, { kind: "cidrs", name, cidrs } or { kind: "internet" }' }) });
export type FlowPeerConfig = z.output<typeof flowPeerSchema>;

/** Facts about an image that no preset describes: who it runs as, where it listens, how it is probed. */
export const appContainerSchema = strictObject({
  /** Numeric UID (and GID) the image runs as: `runAsNonRoot` can only verify a number. */
  runAsUser: integer(1),
  /**
   * Container port of the HTTP server: 1024 or above, since the app runs as a non-root user with every capability
   * dropped (NET_BIND_SERVICE included), and whether it may bind a lower port depends on the container runtime.
   * @default 8080
   */
  port: integer(1024, 65535).default(8080),
  /** Path the readiness and liveness probes request; must answer 200 without authentication. @default '/healthz' */
  probePath: absolutePath.default('/healthz'),
  /** Overrides the image's entrypoint. @default - the image's */
  command: z.array(z.string()).min(1, 'expected at least the program to run').optional(),
  /** Arguments to the entrypoint. @default - the image's */
  args: z.array(z.string()).optional(),
  /** Paths the app writes to (an emptyDir each: the root filesystem is read-only). @default ['/tmp'] */
  writablePaths: z.array(absolutePath).optional(),
});

export type AppContainerConfig = z.output<typeof appContainerSchema>;

/** One stateless HTTP app: image(s), scale, resources and the traffic it may send or receive besides its route. */
export const webAppSchema = strictObject({
  /** A known image (`nginx-static`, `hello-app`); exactly one of `preset` and `container`. */
  preset: oneOf(APP_PRESETS).optional(),
  /** How to run any other image; exactly one of `preset` and `container`. */
  container: appContainerSchema.optional(),
  /** Public host `<subdomain>.<domain>`. @default - not published */
  subdomain: dnsLabel.optional(),
  /** Configuration in the app's ConfigMap: files by absolute path, and environment variables. @default - none */
  config: strictObject({
    files: z.record(absolutePath, z.string()).default({}),
    env: z.record(envName, z.string()).default({}),
  }).optional(),
  delivery: deliverySchema,
  /** Fixed replica count. Exactly one of `replicas` and `autoscaling`. */
  replicas: replicas.optional(),
  /** HPA-owned replica count. Exactly one of `replicas` and `autoscaling`. */
  autoscaling: autoscalingSchema.optional(),
  resources,
  /** Extra callers (the ingress controller is always allowed). Ports default to the app port. */
  allowFrom: z.array(strictObject({ peer: flowPeerSchema, ports: z.array(port).min(1).optional() })).default([]),
  /** Extra destinations (DNS is always allowed). */
  allowTo: z.array(strictObject({ peer: flowPeerSchema, ports: z.array(port).nonempty('expected at least one port') })).default([]),
}).superRefine((app, ctx) => {
  if ((app.replicas === undefined) === (app.autoscaling === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['replicas'], message: 'expected exactly one of replicas (fixed) and autoscaling (HPA)' });
  }
  if ((app.preset === undefined) === (app.container === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['preset'], message: `expected exactly one of preset (${APP_PRESETS.join(', ')}) and container ({ runAsUser, port, probePath })` });
  }
});
export type WebAppConfig = z.output<typeof webAppSchema>;

/** The web applications in the `apps` namespace. */
export const appsSchema = strictObject({
  enabled: bool,
  /** Apps by name: the name is every object's name and `app.kubernetes.io/name`. Adding one is an entry here. */
  web: z.record(dnsLabel, webAppSchema).default({}),
});
export type AppsConfig = z.output<typeof appsSchema>;

/** The smallest number of replicas an app may run with. */
export function minimumReplicas(app: WebAppConfig): number {
  return app.autoscaling?.minReplicas ?? app.replicas ?? 1;
}

/** The part of an environment that decides which namespaces it renders. */
export type RenderedNamespacesInput = ComponentSwitches & { readonly tenants: readonly { readonly name: string }[] };

/**
 * The namespaces an environment renders, each with its default-deny: those of the enabled stack
 * components, and one per tenant. A flow into one of them needs a policy on that side too.
 */
export function renderedNamespaces(config: RenderedNamespacesInput): Set<string> {
  return new Set([...enabledStackNamespaces(config), ...config.tenants.map(t => t.name)]);
}

/** Cross-field rules that need the rest of the environment (called from the top-level schema). */
export function checkApps(config: RenderedNamespacesInput & { highlyAvailable: boolean; apps: AppsConfig }, ctx: z.RefinementCtx): void {
  if (!config.apps.enabled) return;
  const subdomains = new Map<string, string>();
  for (const [name, app] of Object.entries(config.apps.web)) {
    if (config.highlyAvailable && minimumReplicas(app) < 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['apps', 'web', name, app.autoscaling ? 'autoscaling' : 'replicas'],
        message: `a highly available environment needs at least 2 replicas so a node drain or a crash keeps ${name} serving, got ${minimumReplicas(app)}`,
      });
    }
    if (app.subdomain !== undefined) {
      const other = subdomains.get(app.subdomain);
      if (other) {
        ctx.addIssue({ code: 'custom', path: ['apps', 'web', name, 'subdomain'], message: `"${app.subdomain}" is already the subdomain of app ${other}; each host has one owner` });
      }
      subdomains.set(app.subdomain, name);
    }
    // Stack namespace names are reserved for the stack: pods there exist only while their component is enabled.
    for (const direction of ['allowFrom', 'allowTo'] as const) {
      app[direction].forEach(({ peer }, index) => {
        if (peer.kind === 'app' && !(peer.name in config.apps.web)) {
          ctx.addIssue({
            code: 'custom',
            path: ['apps', 'web', name, direction, index, 'peer', 'name'],
            message: `expected the name of an app in apps.web (${Object.keys(config.apps.web).join(', ')}), got "${peer.name}"`,
          });
        }
        const component = peer.kind === 'pods' ? componentOf(peer.namespace) : undefined;
        if (peer.kind !== 'pods' || !component || config[component].enabled) return;
        ctx.addIssue({
          code: 'custom',
          path: ['apps', 'web', name, direction, index, 'peer', 'namespace'],
          message: `namespace "${peer.namespace}" belongs to ${component}, which this environment disables (${component}.enabled: false): enable it or remove the flow`,
        });
      });
    }
  }
}
