import { z } from 'zod';
import { bool, cidr, dnsLabel, image, integer, labelMap, oneOf, port, replicas, resources, strictObject } from './primitives';
import { ComponentSwitches, componentOf, enabledStackNamespaces } from '../platform/stack-namespaces';

/** The seed web applications, by config key, with the object names they render as. */
export const APP_NAMES = { webServer: 'web-server', helloWorld: 'hello-world' } as const;
export type AppName = typeof APP_NAMES[keyof typeof APP_NAMES];
const appName = oneOf(Object.values(APP_NAMES) as [AppName, ...AppName[]]);

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
  /** Another seed app in the `apps` namespace. */
  strictObject({ kind: z.literal('app'), name: appName }),
  /** Pods of any namespace (managed namespaces get their side of the policy too). */
  strictObject({ kind: z.literal('pods'), name: dnsLabel, namespace: dnsLabel, podLabels: labelMap }),
  /** Addresses outside the pod network. */
  strictObject({ kind: z.literal('cidrs'), name: dnsLabel, cidrs: z.array(cidr).min(1, 'expected at least one CIDR') }),
  /** Anything outside the cluster. */
  strictObject({ kind: z.literal('internet') }),
], { errorMap: () => ({ message: 'expected { kind: "app", name }, { kind: "pods", name, namespace, podLabels }, { kind: "cidrs", name, cidrs } or { kind: "internet" }' }) });
export type FlowPeerConfig = z.output<typeof flowPeerSchema>;

/** One stateless HTTP app: image(s), scale, resources and the traffic it may send or receive besides its route. */
export const webAppSchema = strictObject({
  /** Public host `<subdomain>.<domain>`. */
  subdomain: dnsLabel,
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
});
export type WebAppConfig = z.output<typeof webAppSchema>;

/** The web applications in the `apps` namespace. */
export const appsSchema = strictObject({
  enabled: bool,
  /** Unprivileged nginx serving static content. */
  webServer: webAppSchema,
  /** A small HTTP service answering with its version and pod name. */
  helloWorld: webAppSchema,
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
  for (const key of Object.keys(APP_NAMES) as (keyof typeof APP_NAMES)[]) {
    const app = config.apps[key];
    if (config.highlyAvailable && minimumReplicas(app) < 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['apps', key, app.autoscaling ? 'autoscaling' : 'replicas'],
        message: `a highly available environment needs at least 2 replicas so a node drain or a crash keeps ${APP_NAMES[key]} serving, got ${minimumReplicas(app)}`,
      });
    }
    // Stack namespace names are reserved for the stack: pods there exist only while their component is enabled.
    for (const direction of ['allowFrom', 'allowTo'] as const) {
      app[direction].forEach(({ peer }, index) => {
        const component = peer.kind === 'pods' ? componentOf(peer.namespace) : undefined;
        if (peer.kind !== 'pods' || !component || config[component].enabled) return;
        ctx.addIssue({
          code: 'custom',
          path: ['apps', key, direction, index, 'peer', 'namespace'],
          message: `namespace "${peer.namespace}" belongs to ${component}, which this environment disables (${component}.enabled: false): enable it or remove the flow`,
        });
      });
    }
  }
}
