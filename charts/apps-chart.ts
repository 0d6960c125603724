import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AppContainerConfig, AppPreset, FlowPeerConfig, renderedNamespaces, WebAppConfig } from '../lib/config/apps';
import { EnvironmentConfig } from '../lib/config/schema';
import { internetPeer } from '../lib/network/cluster-peers';
import { Peer } from '../lib/network/peer';
import { RoutingTable } from '../lib/network/routing-table';
import { NAMESPACE } from '../lib/platform/stack-namespaces';
import { helloApp, nginxUnprivileged, WebAppPreset } from '../lib/web/presets';
import { ScrapeTarget } from '../lib/monitoring/scrape-target';
import { WebApp, WebAppProps } from '../lib/web/web-app';

export interface AppsChartProps {
  /** The validated environment: the `apps` section, plus the cluster and the namespaces it renders for the apps' flows. */
  readonly config: EnvironmentConfig;
  /** The environment's routing table: apps with a subdomain are published through it. */
  readonly routes: RoutingTable;
}

/** The image facts of each preset name a config may use (the extension point for apps that need code). */
const PRESETS: Record<AppPreset, (config: EnvironmentConfig, app: WebAppConfig) => WebAppPreset> = {
  'nginx-static': (config, app) => nginxUnprivileged({
    trustedProxies: config.cluster.podCidrs,
    resources: app.resources,
    // The exporter only where Prometheus runs to scrape it.
    exporter: config.monitoring.enabled ? config.monitoring.nginxExporter : undefined,
  }),
  'hello-app': () => helloApp(),
};

/** The web applications of `apps.web`, each a `WebApp` in the `apps` namespace. */
export class AppsChart extends Chart {
  /** Every app by name. */
  public readonly apps: ReadonlyMap<string, WebApp>;
  /** The `web-apps` metrics of every app with an exporter sidecar. @default - none when no app has one */
  public readonly scrapeTarget?: ScrapeTarget;

  constructor(scope: Construct, id: string, props: AppsChartProps) {
    super(scope, id);
    const { config } = props;
    const entries = Object.entries(config.apps.web);
    const apps = new Map(entries.map(([name, app]) => [name, new WebApp(this, name, webAppProps(name, app, props))]));
    this.apps = apps;
    const targets = [...apps.values()].flatMap(a => a.scrapeTarget ? [a.scrapeTarget] : []);
    if (new Set(targets.map(t => JSON.stringify(t))).size > 1) throw new Error('apps serve metrics on different ports: the web-apps job scrapes one');
    this.scrapeTarget = targets[0];

    // Flows once every app exists, so that an `app` peer is that app's own pods.
    const managed = renderedNamespaces(config);
    const peer = (p: FlowPeerConfig): Peer => {
      switch (p.kind) {
        case 'app':
          return apps.get(p.name)!.pods;
        case 'pods':
          // Validation rejects the namespaces of disabled components: what is not rendered here is foreign.
          return (managed.has(p.namespace) ? Peer.workload : Peer.foreign)(p.name, p.namespace, p.podLabels);
        case 'cidrs':
          return Peer.ipBlock(p.name, p.cidrs);
        case 'internet':
          return internetPeer(config.cluster);
      }
    };
    for (const [name, app] of entries) {
      const webApp = apps.get(name)!;
      for (const flow of app.allowFrom) webApp.allowFrom({ peer: peer(flow.peer), ports: flow.ports });
      for (const flow of app.allowTo) webApp.allowTo({ peer: peer(flow.peer), ports: flow.ports });
    }
  }
}

/** One config entry as WebApp props: the preset's (or the entry's) image facts, then the entry's config on top. */
function webAppProps(name: string, app: WebAppConfig, props: AppsChartProps): WebAppProps {
  const image: WebAppPreset = app.preset
    ? PRESETS[app.preset](props.config, app)
    : containerFacts(app.container!);
  return {
    name,
    namespace: NAMESPACE.apps,
    ...image,
    configFiles: { ...image.configFiles, ...app.config?.files },
    configEnv: { ...image.configEnv, ...app.config?.env },
    delivery: app.delivery,
    scaling: app.autoscaling ? { autoscaling: app.autoscaling } : { replicas: app.replicas! },
    resources: app.resources,
    highlyAvailable: props.config.highlyAvailable,
    route: app.subdomain === undefined ? undefined : { table: props.routes, subdomain: app.subdomain },
  };
}

function containerFacts({ runAsUser, ...facts }: AppContainerConfig): WebAppPreset {
  return { ...facts, runAs: { user: runAsUser } };
}
