import { z } from 'zod';
import { quotaSchema } from './platform';
import { bool, cidr, dnsLabel, dnsName, image, integer, oneOf, port, quantity, replicas, resources, storage, strictObject } from './primitives';
import { AGENT_MODES } from '../ci/agent-mode';
import { CONTROLLER_IDENTITY, JNLP_CONTAINER } from '../ci/identity';
import { mirrorEnv, pluginCliFetches } from '../ci/plugin-cli-facts';
import { quantityOrNaN } from '../core/quantity';
import { CLUSTER_PEER_NAME } from '../network/cluster-peer-names';

/** Plugins the rendered JCasC and the pipelines rely on: without them the controller cannot read its configuration, start agents or check out code. */
export const REQUIRED_PLUGINS = ['kubernetes', 'workflow-aggregator', 'git', 'configuration-as-code'] as const;

// Plugin IDs are lowercase artifact IDs; versions are what the update center publishes (e.g. 4423.vb_59f230b_ce53).
const PLUGIN_PIN = /^[a-z0-9][a-z0-9._-]*:[0-9][\w.+-]*$/;
const JENKINS_LABEL = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const PATH_PREFIX = /^(\/[a-z0-9][a-z0-9-]*)+$/;
const HTTPS_URL = /^https:\/\/[^\s/]+(\/\S*)?$/;

/** `name:version`, pinned: never `latest` or an unversioned name. */
export const pluginPin = z.string({ invalid_type_error: 'expected a plugin pin "name:version"' })
  .regex(PLUGIN_PIN, 'expected a plugin pin "name:version" with an explicit version (e.g. "git:5.10.1"), never "latest" or a bare name');

const jenkinsLabel = z.string({ invalid_type_error: 'expected a Jenkins label' })
  .regex(JENKINS_LABEL, 'expected a Jenkins label (letters, digits, "_", "." and "-", no spaces)');

const httpsUrl = z.string({ invalid_type_error: 'expected an https:// URL' }).regex(HTTPS_URL, 'expected an https:// URL');

/** Agent containers get requests = limits, so the agents' ResourceQuota (which caps both) admits them predictably. */
export const agentResources = strictObject({ cpu: quantity, memory: quantity });
export type AgentResources = z.output<typeof agentResources>;

/** A container that runs build steps next to `jnlp` (`container('node') { ... }` in a pipeline). */
export const buildContainerSchema = strictObject({
  /** Container name pipelines refer to; `jnlp` is reserved for the agent itself. */
  name: dnsLabel.refine(name => name !== JNLP_CONTAINER, { message: `"${JNLP_CONTAINER}" is the agent container; choose another name` }),
  image,
  resources: agentResources,
});

/** One Kubernetes pod template of the Jenkins cloud. */
export const podTemplateSchema = strictObject({
  /** Template name (also the prefix of agent pod names). */
  name: dnsLabel,
  /** Jenkins labels jobs select the template by (`agent { label 'maven' }`). */
  labels: z.array(jenkinsLabel).min(1, 'expected at least one Jenkins label'),
  /**
   * `NORMAL` also takes jobs that name no label; `EXCLUSIVE` only jobs asking for one of `labels`.
   * @default 'EXCLUSIVE'
   */
  usage: oneOf(['NORMAL', 'EXCLUSIVE'] as const).default('EXCLUSIVE'),
  /**
   * Build containers next to `jnlp`.
   * @default - none: the template runs steps in `jnlp` only
   */
  containers: z.array(buildContainerSchema).default([]),
});
export type PodTemplateConfig = z.output<typeof podTemplateSchema>;

/** Traffic to the outside world one allow-list entry opens. */
export const egressRuleSchema = strictObject({
  /** Readable name, used in policy names (`jenkins-to-<name>-egress`); the peer names of the fixed flows are reserved. */
  name: dnsLabel,
  /** Destination address ranges. */
  cidrs: z.array(cidr).min(1, 'expected at least one CIDR'),
  /** Destination TCP ports. */
  ports: z.array(port).min(1, 'expected at least one port'),
  /**
   * Host names served from `cidrs`. NetworkPolicies match addresses only, so this is where a URL in the
   * config (the plugin mirror) is tied to a rule: config validation accepts a URL only if its host is listed
   * in a rule that opens its port.
   * @default - none
   */
  hosts: z.array(dnsName).default([]),
  /**
   * Which side needs it: the controller (update center, SCM polling) and/or the agents (SCM, registries).
   * @default ['controller', 'agents']
   */
  from: z.array(oneOf(['controller', 'agents'] as const)).min(1).default(['controller', 'agents']),
});

const singleReplica = replicas.default(1).refine(n => n === 1, {
  message: 'Jenkins runs exactly one controller: two controllers on one JENKINS_HOME volume corrupt it (no active-active); scale builds with agents instead',
});

/** Jenkins controller and its Kubernetes agents. */
export const ciSchema = strictObject({
  enabled: bool,
  controller: strictObject({
    /** Pinned `jenkins/jenkins:<LTS>-jdk21` (or a custom image with plugins baked in, see `plugins.install`). */
    image,
    /**
     * Always 1: accepted only so that a request for more fails with the reason.
     * @default 1
     */
    replicas: singleReplica,
    resources,
    /**
     * JVM heap as a share of the container memory (`-XX:MaxRAMPercentage`); the rest is metaspace, threads and off-heap buffers.
     * @default 50
     */
    heapPercent: integer(25, 80).default(50),
    /** JENKINS_HOME volume: jobs, build history, credentials. */
    storage,
    /**
     * How long a start may take, in seconds, before the kubelet restarts it (plugin loading and upgrades are slow).
     * @default 300
     */
    startupProbeSeconds: integer(120, 3600).default(300),
    /**
     * Id of the local admin user; the password comes from the generated `jenkins-admin` Secret.
     * @default 'admin'
     */
    adminUser: dnsLabel.default('admin'),
    /** Serve Jenkins under a path (e.g. `/jenkins`) instead of the host root. @default - none */
    pathPrefix: z.string().regex(PATH_PREFIX, 'expected a path such as "/jenkins" (no trailing "/")').optional(),
  }),
  plugins: z.discriminatedUnion('install', [
    strictObject({
      /** An init container installs `pins` with jenkins-plugin-cli on every start. */
      install: z.literal('initContainer'),
      /** Pinned `name:version` of each plugin to install, at least {@link REQUIRED_PLUGINS}; jenkins-plugin-cli resolves their dependencies. */
      pins: z.array(pluginPin).min(1),
      /**
       * Update-center mirror laid out like updates.jenkins.io (`update-center.json`, `plugin-versions.json`,
       * `download/plugins/...`, served by the mirror itself, not redirected). Every URL the installer fetches,
       * and the controller's update site, is derived from `url` (see `mirrorEnv` in lib/ci/plugin-cli-facts.ts); its host
       * must be in `egress` unless `egress.internet` is true.
       * @default - none: updates.jenkins.io and its download mirrors (needs `egress.internet`)
       */
      mirror: strictObject({ url: httpsUrl }).optional(),
    }),
    strictObject({
      /** The controller image already contains the plugins (a custom image, see docs/ci.md): no download at start. */
      install: z.literal('image'),
    }),
  ], { errorMap: () => ({ message: 'expected { install: "initContainer", pins: [...] } or { install: "image" }' }) }),
  agents: strictObject({
    /** `webSocket`: agents connect over HTTP 8080 only; `tcp`: inbound TCP listener on 50000 with its own Service. */
    mode: oneOf(AGENT_MODES),
    /** Most agent pods running at once. */
    containerCap: integer(1, 1000),
    /** The `jnlp` container of every template: pinned `jenkins/inbound-agent`. */
    jnlp: strictObject({ image, resources: agentResources }),
    /** Pod templates jobs select by label. */
    templates: z.array(podTemplateSchema).min(1, 'expected at least one pod template'),
    /** ResourceQuota and LimitRange of the agents namespace. */
    quota: quotaSchema,
  }),
  egress: strictObject({
    /**
     * Allow any destination outside the cluster (development only; production declares `allow`).
     * @default false
     */
    internet: bool.default(false),
    /**
     * Destinations outside the cluster the controller and/or agents may reach.
     * @default - none
     */
    allow: z.array(egressRuleSchema).default([]),
  }),
}).superRefine((ci, ctx) => {
  if (ci.plugins.install === 'initContainer') {
    const names = ci.plugins.pins.map(pin => pin.split(':')[0]);
    for (const required of REQUIRED_PLUGINS) {
      if (!names.includes(required)) ctx.addIssue({ code: 'custom', path: ['plugins', 'pins'], message: `missing required plugin "${required}"` });
    }
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) ctx.addIssue({ code: 'custom', path: ['plugins', 'pins', i], message: `plugin "${name}" is pinned twice` });
    });
    checkInstallerEgress(ci.egress, ci.plugins.mirror?.url, ctx);
  } else if (STOCK_JENKINS_IMAGE.test(ci.controller.image.split(/[:@]/)[0])) {
    ctx.addIssue({
      code: 'custom', path: ['controller', 'image'],
      message: `install "image" needs an image with the plugins baked in, but ${ci.controller.image} ships none (the JCasC needs ${REQUIRED_PLUGINS.join(', ')}): build one (docs/ci.md) or use install "initContainer"`,
    });
  }
  const rules = ci.egress.allow.map(r => r.name);
  rules.forEach((name, i) => {
    if (rules.indexOf(name) !== i) ctx.addIssue({ code: 'custom', path: ['egress', 'allow', i, 'name'], message: `duplicate egress rule "${name}"` });
  });
  const templates = ci.agents.templates.map(t => t.name);
  templates.forEach((name, i) => {
    if (templates.indexOf(name) !== i) ctx.addIssue({ code: 'custom', path: ['agents', 'templates', i, 'name'], message: `duplicate pod template "${name}"` });
  });
  ci.agents.templates.forEach((template, i) => {
    const containers = template.containers.map(c => c.name);
    containers.forEach((name, j) => {
      if (containers.indexOf(name) !== j) ctx.addIssue({ code: 'custom', path: ['agents', 'templates', i, 'containers', j, 'name'], message: `duplicate container "${name}"` });
    });
  });
  const { quota, containerCap, jnlp } = ci.agents;
  if (quota.pods < containerCap) {
    ctx.addIssue({ code: 'custom', path: ['agents', 'containerCap'], message: `${containerCap} agents do not fit the agents quota of ${quota.pods} pods: lower containerCap or raise agents.quota.pods` });
  }
  const pods = ci.agents.templates.map(template => podResources(jnlp.resources, template));
  for (const resource of ['cpu', 'memory'] as const) {
    // Agent containers have requests = limits, so the lower of the two quotas is what agents get.
    const ceiling = Math.min(quantityOrNaN(quota.requests[resource]), quantityOrNaN(quota.limits[resource]));
    const quotaText = `the agents quota allows (${quota.requests[resource]} requests / ${quota.limits[resource]} limits)`;
    // containerCap agents of the largest template must fit the quota together, or Jenkins keeps
    // starting pods the API server refuses ("exceeded quota") while builds queue.
    const largest = Math.max(...pods.map(pod => pod[resource]));
    if (largest * containerCap > ceiling) {
      ctx.addIssue({
        code: 'custom', path: ['agents', 'containerCap'],
        message: `${containerCap} agents of the largest template need ${formatAmount(resource, largest * containerCap)} ${resource}, more than ${quotaText}: lower containerCap or raise the quota`,
      });
    }
    // A pod bigger than the namespace quota is never admitted: the build would wait forever.
    pods.forEach((pod, i) => {
      if (pod[resource] > ceiling) {
        ctx.addIssue({ code: 'custom', path: ['agents', 'templates', i], message: `pod template "${templates[i]}" needs ${resource} ${formatAmount(resource, pod[resource])} (jnlp + containers), more than ${quotaText}` });
      }
    });
  }
});

export type CiConfig = z.output<typeof ciSchema>;

/** The upstream image without plugins, in any of the spellings Docker resolves to it. */
const STOCK_JENKINS_IMAGE = /^((index\.)?docker\.io\/)?jenkins\/jenkins$/;

/**
 * Every host jenkins-plugin-cli will fetch from (derived from the mirror, or the image's defaults without
 * one) must be reachable by the controller pod: the internet is open, or an allow rule from the controller
 * lists the host and opens its port.
 */
function checkInstallerEgress(egress: CiConfig['egress'], mirror: string | undefined, ctx: z.RefinementCtx): void {
  if (egress.internet) return;
  const rules = egress.allow.filter(rule => rule.from.includes('controller'));
  const unreachable = new Map<string, { host: string; port: number; variables: Set<string> }>();
  for (const fetch of pluginCliFetches(mirror ? mirrorEnv(mirror) : {})) {
    const url = new URL(fetch.url);
    const port = Number(url.port || 443);
    if (rules.some(rule => rule.hosts.includes(url.hostname) && rule.ports.includes(port))) continue;
    const key = `${url.hostname}:${port}`;
    if (!unreachable.has(key)) unreachable.set(key, { host: url.hostname, port, variables: new Set() });
    unreachable.get(key)!.variables.add(fetch.variable);
  }
  for (const { host, port, variables } of unreachable.values()) {
    ctx.addIssue({
      code: 'custom', path: mirror ? ['plugins', 'mirror', 'url'] : ['plugins', 'mirror'],
      message: `jenkins-plugin-cli fetches from ${host}:${port} (${[...variables].join(', ')}), but no ci.egress.allow rule from the controller lists that host and port: `
        + (mirror ? 'add the host to the rule whose CIDRs serve it' : 'set a mirror inside the egress allow-list')
        + ', or bake the plugins into the image (install "image")',
    });
  }
}

/** Total CPU (cores) and memory (bytes) of an agent pod: jnlp plus the template's containers. */
function podResources(jnlp: AgentResources, template: PodTemplateConfig): { cpu: number; memory: number } {
  const all = [jnlp, ...template.containers.map(c => c.resources)];
  return {
    cpu: all.reduce((sum, r) => sum + quantityOrNaN(r.cpu), 0),
    memory: all.reduce((sum, r) => sum + quantityOrNaN(r.memory), 0),
  };
}

function formatAmount(resource: 'cpu' | 'memory', value: number): string {
  return resource === 'cpu' ? `${Math.round(value * 1000)}m` : `${Math.round(value / 2 ** 20)}Mi`;
}

/** Cross-field rules that need the environment's other sections (called from the top-level schema). */
export function checkCi(config: { highlyAvailable: boolean; ci: CiConfig }, ctx: z.RefinementCtx): void {
  // Peers of the flows Jenkins always renders: a rule with one of their names would render a policy
  // named like theirs (`jenkins-to-kube-apiserver-egress`, `jenkins-agent-to-jenkins-egress`, ...).
  const reserved: string[] = [CLUSTER_PEER_NAME.internet, CLUSTER_PEER_NAME.apiServer, CONTROLLER_IDENTITY.name];
  config.ci.egress.allow.forEach((rule, i) => {
    if (reserved.includes(rule.name)) ctx.addIssue({ code: 'custom', path: ['ci', 'egress', 'allow', i, 'name'], message: `"${rule.name}" is reserved; choose another name` });
  });
  if (config.ci.enabled && config.highlyAvailable && config.ci.egress.internet) {
    ctx.addIssue({
      code: 'custom', path: ['ci', 'egress', 'internet'],
      message: 'a highly available (production) environment may not open CI egress to the whole internet; list the destinations in ci.egress.allow',
    });
  }
}
