import { JcascPodTemplate } from './agent-pod-template';
import { PROMETHEUS_PLUGIN } from './prometheus-plugin-facts';
import { writeYaml } from '../core/write-yaml';

/** How agents reach the controller: over HTTP (WebSocket) or to the inbound TCP listener. */
export type AgentConnection =
  | { readonly mode: 'webSocket' }
  | {
    readonly mode: 'tcp';
    /** `host:port` of the agent listener Service. */
    readonly tunnel: string;
    /** Port the controller listens on for agents. */
    readonly listenerPort: number;
  };

/** The controller's single Kubernetes cloud. */
export interface KubernetesCloudOptions {
  /** Namespace agent pods are created in. */
  readonly namespace: string;
  /** In-cluster URL of the controller (agents fetch their connection details, or open the WebSocket, here). */
  readonly jenkinsUrl: string;
  /** How agents connect back: `webSocket` closes the inbound TCP listener, `tcp` sets the tunnel to it. */
  readonly connection: AgentConnection;
  /** Most agent pods at once (`containerCapStr`). */
  readonly containerCap: number;
  /** Labels on every agent pod, including pods of templates defined in pipelines. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** The pod templates jobs select by label. */
  readonly templates: readonly JcascPodTemplate[];
}

export interface JcascOptions {
  /** Id of the local admin user. */
  readonly adminUser: string;
  /** JCasC variable holding the admin password: the name of a file in the `SECRETS` directory. */
  readonly adminPasswordVariable: string;
  /** Public URL (Jenkins location): links, redirects and resource URLs are built from it. */
  readonly publicUrl: string;
  /** The single Kubernetes cloud the controller starts agents in. */
  readonly cloud: KubernetesCloudOptions;
  /**
   * Configure the `prometheus` plugin (it must be installed): its endpoint at `/<path>/` without
   * authentication, and the metric prefix the rules expect.
   * @default false - no plugin configuration
   */
  readonly prometheusMetrics?: boolean;
}

/** The JCasC document (plain data). */
function jcascDocument(options: JcascOptions): Record<string, unknown> {
  const { cloud } = options;
  const connection = cloud.connection;
  return {
    jenkins: {
      // Builds never run on the controller: it holds every credential and JENKINS_HOME.
      numExecutors: 0,
      // -1 closes the inbound TCP listener: WebSocket agents only need HTTP.
      slaveAgentPort: connection.mode === 'tcp' ? connection.listenerPort : -1,
      securityRealm: {
        local: {
          allowsSignup: false,
          users: [{ id: options.adminUser, name: 'Jenkins Admin', password: `\${${options.adminPasswordVariable}}` }],
        },
      },
      authorizationStrategy: { loggedInUsersCanDoAnything: { allowAnonymousRead: false } },
      // No crumbIssuer: core's default (DefaultCrumbIssuer) binds crumbs to the user and session only since 2.543,
      // and its `excludeClientIPFromCrumb` attribute is gone, so JCasC would refuse to start on it (jenkinsci/jenkins
      // #25918; DefaultCrumbIssuer.java at jenkins-2.555.3 has a constructor without arguments and no setter).
      clouds: [{
        kubernetes: {
          name: 'kubernetes',
          serverUrl: 'https://kubernetes.default.svc',
          namespace: cloud.namespace,
          jenkinsUrl: cloud.jenkinsUrl,
          ...(connection.mode === 'tcp' ? { jenkinsTunnel: connection.tunnel } : { webSocket: true }),
          containerCapStr: String(cloud.containerCap),
          podRetention: 'Never',
          restrictedPssSecurityContext: true,
          podLabels: Object.entries(cloud.podLabels).map(([key, value]) => ({ key, value })),
          templates: cloud.templates,
        },
      }],
    },
    security: {
      apiToken: { creationOfLegacyTokenEnabled: false, tokenGenerationOnCreationEnabled: false, usageStatisticsEnabled: false },
    },
    unclassified: {
      location: { url: options.publicUrl },
      // Without authentication: with `loggedInUsersCanDoAnything` a scrape user with Metrics.VIEW would be an
      // admin. Set explicitly so the path and the metric names never depend on the plugin's defaults.
      ...options.prometheusMetrics ? {
        [PROMETHEUS_PLUGIN.jcascKey]: { path: PROMETHEUS_PLUGIN.path, defaultNamespace: PROMETHEUS_PLUGIN.defaultNamespace, useAuthenticatedEndpoint: false },
      } : {},
    },
  };
}

/** The JCasC YAML file the controller reads at start-up. */
export function renderJcasc(options: JcascOptions): string {
  // Literal blocks keep the embedded pod YAML readable; no line folding of long values.
  return writeYaml(jcascDocument(options));
}
