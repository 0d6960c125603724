import { z } from 'zod';
import { bool, cidr, dnsLabel, image, integer, port, replicas, resources, strictObject } from './primitives';

/** The seed web applications, by config key, with the object names they render as. */
export const APP_NAMES = { webServer: 'web-server', helloWorld: 'hello-world' } as const;
export type AppName = typeof APP_NAMES[keyof typeof APP_NAMES];
// Not `oneOf` from primitives: it passes invalid_type_error together with an errorMap, which zod 3.25 rejects.
function enumOf<T extends string>(values: readonly [T, ...T[]]) {
  const expected = `one of ${values.map(v => `"${v}"`).join(', ')}`;
  return z.enum(values as [T, ...T[]], { errorMap: () => ({ message: `expected ${expected}` }) });
}
const appName = enumOf(Object.values(APP_NAMES) as [AppName, ...AppName[]]);

const labelMap = z.record(z.string(), z.string(), { invalid_type_error: 'expected a map of label keys to values' });

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
    /** Fixed replica count of the canary Deployment. */
    canaryReplicas: replicas.default(1),
  }),
  strictObject({
    mode: z.literal('blueGreen'),
    /** The colour the Service selects: the only field to change for a switch or a switch back. */
    active: enumOf(['blue', 'green'] as const),
    images: strictObject({ blue: image, green: image }),
  }),
], { errorMap: () => ({ message: 'expected { mode: "rolling", image }, { mode: "canary", image, canaryImage, weight } or { mode: "blueGreen", active, images: { blue, green } }' }) });
export type DeliveryConfig = z.output<typeof deliverySchema>;

/** HorizontalPodAutoscaler bounds and targets (percent of the container requests). */
export const autoscalingSchema = strictObject({
  minReplicas: replicas,
  maxReplicas: replicas,
  /** @default 70 */
  targetCpuUtilization: integer(10, 100).default(70),
  /** Also scale on memory. @default - CPU only */
  targetMemoryUtilization: integer(10, 100).optional(),
}).refine(a => a.minReplicas <= a.maxReplicas, { message: 'expected minReplicas <= maxReplicas', path: ['maxReplicas'] });
export type AutoscalingConfig = z.output<typeof autoscalingSchema>;

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
  allowTo: z.array(strictObject({ peer: flowPeerSchema, ports: z.array(port).min(1, 'expected at least one port') })).default([]),
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

/** Cross-field rules that need the rest of the environment (called from the top-level schema). */
export function checkApps(config: { highlyAvailable: boolean; apps: AppsConfig }, ctx: z.RefinementCtx): void {
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
  }
}
