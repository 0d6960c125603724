import { z } from 'zod';
import { cidr, dnsLabel, ipv4Address, dnsName, image, integer, labelMap, oneOf, port, positiveQuantity, quantity, strictObject } from './primitives';
import { apiServerUrl, kubeContext } from './cluster-access';
import { registrySchema } from './registry';
import { isQuantity, parseQuantity } from '../core/quantity';
import { TenantRole } from '../platform/tenant-roles';
import { CERT_MANAGER_INSTALL } from '../tls/cert-manager-install';

const SUBJECT = /^(user|group):.+$/;

/** `user:<name>` or `group:<name>`, as the API server's authenticator reports them. */
export const subject = z.string({ invalid_type_error: 'expected "user:<name>" or "group:<name>"' })
  .regex(SUBJECT, 'expected "user:<name>" or "group:<name>"');

/** What the cluster looks like from the inside: needed to write precise NetworkPolicies. */
export const clusterSchema = strictObject({
  /** The kubeconfig context of this environment's cluster: apply and preflight commands pass it as `--context`. */
  context: kubeContext,
  /** The cluster's API server URL (the Argo CD destination). */
  server: apiServerUrl,
  /** Pod and Service CIDRs: excluded from "the outside world" egress rules. */
  podCidrs: z.array(cidr).min(1, 'expected at least one pod CIDR'),
  serviceCidrs: z.array(cidr).min(1, 'expected at least one service CIDR'),
  /** Where the API server's endpoints live: NetworkPolicy egress is matched after DNAT, so these are endpoint IPs, not the Service IP. */
  apiServer: strictObject({
    cidrs: z.array(cidr).min(1, 'expected at least one API server CIDR'),
    ports: z.array(port).min(1, 'expected at least one API server port'),
  }),
  /** The cluster DNS pods every namespace may query on port 53. */
  dns: strictObject({
    namespace: dnsLabel,
    podLabels: labelMap,
    /**
     * Where NodeLocal DNSCache answers, when the cluster runs it: its `-localip` addresses (169.254.20.10, and the
     * kube-dns Service IP it also binds in iptables mode). Pods then send DNS to the node, not to the DNS pods, and
     * every namespace's DNS rule must allow these addresses too; `npm run preflight` reads them from the DaemonSet.
     * @default [] - none: pods query the DNS pods
     */
    nodeLocalAddresses: z.array(ipv4Address).default([]),
  }),
  /**
   * Where cert-manager's controller runs (a cluster prerequisite), for scraping its certificate metrics
   * where the environment uses it. @default - the official install (CERT_MANAGER_INSTALL)
   */
  certManager: strictObject({
    namespace: dnsLabel.default(CERT_MANAGER_INSTALL.namespace),
    controllerPodLabels: labelMap.default({ ...CERT_MANAGER_INSTALL.controllerPodLabels }),
    metricsPort: port.default(CERT_MANAGER_INSTALL.metricsPort),
  }).default({}),
});

/** The ingress-nginx controller is a cluster prerequisite; the platform only needs to know how to reach and name it. */
export const ingressSchema = strictObject({
  className: dnsLabel,
  controllerNamespace: dnsLabel,
  controllerPodLabels: labelMap,
  /**
   * TLS for every host: `certManager` annotates Ingresses for a ClusterIssuer (whose ACME `challenge`
   * type decides whether the solver pods need a flow from the controller; default `http01`);
   * `existingSecrets` expects `<host>-tls` Secrets created by the operator.
   */
  tls: z.discriminatedUnion('mode', [
    strictObject({ mode: z.literal('certManager'), clusterIssuer: dnsName, challenge: oneOf(['http01', 'dns01']).default('http01') }),
    strictObject({ mode: z.literal('existingSecrets') }),
  ], { errorMap: () => ({ message: 'expected { mode: "certManager", clusterIssuer } or { mode: "existingSecrets" }' }) }),
});

const cpuAndMemory = strictObject({ cpu: positiveQuantity, memory: positiveQuantity });

/** Namespace-wide ceilings (ResourceQuota) and per-container defaults (LimitRange). */
export const quotaSchema = strictObject({
  requests: cpuAndMemory,
  limits: cpuAndMemory,
  pods: integer(1),
  persistentVolumeClaims: integer(0),
  /** Total PVC storage; "0" forbids claims. */
  storage: quantity,
  /** Applied to containers that do not declare their own resources. */
  containerDefaults: strictObject({
    request: cpuAndMemory,
    limit: cpuAndMemory,
  }),
}).superRefine((quota, ctx) => {
  // Each pair must hold or the namespace is unusable: the API server rejects every pod that gets the defaults.
  const atMost = (lower: string, upper: string, path: (string | number)[], what: string) => {
    if (isQuantity(lower) && isQuantity(upper) && parseQuantity(lower) > parseQuantity(upper)) {
      ctx.addIssue({ code: 'custom', path, message: `expected at most ${what} (${upper}), got ${JSON.stringify(lower)}` });
    }
  };
  for (const resource of ['cpu', 'memory'] as const) {
    atMost(quota.requests[resource], quota.limits[resource], ['requests', resource], `limits.${resource}`);
    atMost(quota.containerDefaults.request[resource], quota.containerDefaults.limit[resource], ['containerDefaults', 'request', resource], `containerDefaults.limit.${resource}`);
    atMost(quota.containerDefaults.limit[resource], quota.limits[resource], ['containerDefaults', 'limit', resource], `the quota's limits.${resource}`);
    atMost(quota.containerDefaults.request[resource], quota.requests[resource], ['containerDefaults', 'request', resource], `the quota's requests.${resource}`);
  }
});

/** A team: its namespace, who may do what in it (bound to the built-in ClusterRoles) and its quota. */
export const tenantSchema = strictObject({
  /** The tenant's namespace; never `default` or `kube-*`, which belong to the cluster. */
  name: dnsLabel.refine(name => name !== 'default' && !name.startsWith('kube-'), {
    message: 'expected a namespace of your own: "default" and "kube-*" belong to the cluster',
  }),
  access: strictObject({
    admin: z.array(subject).default([]),
    edit: z.array(subject).default([]),
    view: z.array(subject).default([]),
  } satisfies Record<TenantRole, unknown>, 'tenant role'),
  quota: quotaSchema,
});

export const platformImagesSchema = strictObject({
  /** Image with kubectl and a POSIX shell, used by the secret bootstrap Jobs. */
  kubectl: image,
  /** Pull every image of the environment from this mirror (docs/environments.md). @default - the images' own registries */
  registry: registrySchema.optional(),
});
