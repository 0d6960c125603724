import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { APP_NAMES, AppName, FlowPeerConfig, renderedNamespaces, WebAppConfig } from '../lib/config/apps';
import { EnvironmentConfig } from '../lib/config/schema';
import { internetPeer } from '../lib/network/cluster-peers';
import { Peer } from '../lib/network/peer';
import { RoutingTable } from '../lib/network/routing-table';
import { NAMESPACE } from '../lib/platform/stack-namespaces';
import { helloApp, nginxUnprivileged } from '../lib/web/presets';
import { WebApp, WebAppProps } from '../lib/web/web-app';

export interface AppsChartProps {
  /** The validated environment: the `apps` section, plus the cluster and the namespaces it renders for the apps' flows. */
  readonly config: EnvironmentConfig;
  /** The environment's routing table: both apps are published through it. */
  readonly routes: RoutingTable;
}

/** The seed web applications in the `apps` namespace: `web-server` (nginx) and `hello-world`. */
export class AppsChart extends Chart {
  public readonly webServer: WebApp;
  public readonly helloWorld: WebApp;

  constructor(scope: Construct, id: string, props: AppsChartProps) {
    super(scope, id);
    const { config } = props;
    const { apps } = config;

    this.webServer = new WebApp(this, 'web-server', {
      ...common(APP_NAMES.webServer, apps.webServer, props),
      ...nginxUnprivileged({ trustedProxies: config.cluster.podCidrs, resources: apps.webServer.resources }),
    });
    this.helloWorld = new WebApp(this, 'hello-world', {
      ...common(APP_NAMES.helloWorld, apps.helloWorld, props),
      ...helloApp(),
    });

    // Flows once both apps exist, so that an `app` peer is that app's own pods.
    const byName: Record<AppName, WebApp> = { [APP_NAMES.webServer]: this.webServer, [APP_NAMES.helloWorld]: this.helloWorld };
    const managed = renderedNamespaces(config);
    const peer = (p: FlowPeerConfig): Peer => {
      switch (p.kind) {
        case 'app':
          return byName[p.name].pods;
        case 'pods':
          // Validation rejects the namespaces of disabled components: what is not rendered here is foreign.
          return (managed.has(p.namespace) ? Peer.workload : Peer.foreign)(p.name, p.namespace, p.podLabels);
        case 'cidrs':
          return Peer.ipBlock(p.name, p.cidrs);
        case 'internet':
          return internetPeer(config.cluster);
      }
    };
    for (const key of Object.keys(APP_NAMES) as (keyof typeof APP_NAMES)[]) {
      const app = byName[APP_NAMES[key]];
      for (const flow of apps[key].allowFrom) app.allowFrom({ peer: peer(flow.peer), ports: flow.ports });
      for (const flow of apps[key].allowTo) app.allowTo({ peer: peer(flow.peer), ports: flow.ports });
    }
  }
}

/** The props both apps take from their config section. */
function common(name: string, app: WebAppConfig, props: AppsChartProps): Pick<WebAppProps, 'name' | 'namespace' | 'delivery' | 'scaling' | 'resources' | 'highlyAvailable' | 'route'> {
  return {
    name,
    namespace: NAMESPACE.apps,
    delivery: app.delivery,
    scaling: app.autoscaling ? { autoscaling: app.autoscaling } : { replicas: app.replicas! },
    resources: app.resources,
    highlyAvailable: props.config.highlyAvailable,
    route: { table: props.routes, subdomain: app.subdomain },
  };
}
