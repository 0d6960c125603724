import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { APP_NAMES, FlowPeerConfig, WebAppConfig } from '../lib/config/apps';
import { EnvironmentConfig } from '../lib/config/schema';
import { internetPeer } from '../lib/network/cluster-peers';
import { Peer } from '../lib/network/peer';
import { RoutingTable } from '../lib/network/routing-table';
import { NAMESPACE, STACK_NAMESPACES } from '../lib/platform/stack-namespaces';
import { nginxConfig } from '../lib/web/nginx-config';
import { parseQuantity } from '../lib/core/quantity';
import { WebApp, WebAppProps, webAppPeer } from '../lib/web/web-app';

export interface AppsChartProps {
  readonly config: EnvironmentConfig;
  /** The environment's routing table: both apps are published through it. */
  readonly routes: RoutingTable;
}

/** nginx-unprivileged: UID/GID 101, listens on 8080. */
const NGINX = { user: 101, port: 8080 } as const;
/** hello-app on distroless: the `nonroot` UID/GID, port from $PORT. */
const HELLO = { user: 65532, port: 8080 } as const;

/** The seed web applications in the `apps` namespace: `web-server` (nginx) and `hello-world`. */
export class AppsChart extends Chart {
  public readonly webServer: WebApp;
  public readonly helloWorld: WebApp;

  constructor(scope: Construct, id: string, props: AppsChartProps) {
    super(scope, id);
    const { config } = props;
    const { apps } = config;

    this.webServer = new WebApp(this, 'web-server', {
      ...this.common(APP_NAMES.webServer, apps.webServer, props),
      runAs: { user: NGINX.user },
      port: NGINX.port,
      probePath: '/healthz',
      // Skips the image's entrypoint scripts, which try to edit /etc/nginx (read-only here).
      command: ['nginx'],
      args: ['-g', 'daemon off;'],
      configFiles: {
        '/etc/nginx/nginx.conf': nginxConfig({
          port: NGINX.port,
          healthPath: '/healthz',
          trustedProxies: config.cluster.podCidrs,
          workerProcesses: Math.max(1, Math.ceil(parseQuantity(apps.webServer.resources.cpuLimit ?? apps.webServer.resources.cpu))),
        }),
      },
      // The ingress controller keeps sending to a terminating pod until it sees the endpoint go: wait before nginx stops.
      preStop: ['/bin/sh', '-c', 'sleep 5'],
    });

    this.helloWorld = new WebApp(this, 'hello-world', {
      ...this.common(APP_NAMES.helloWorld, apps.helloWorld, props),
      runAs: { user: HELLO.user },
      port: HELLO.port,
      // hello-app answers 200 on every path.
      probePath: '/',
      configEnv: { PORT: String(HELLO.port) },
    });
  }

  /** The props both apps take from their config section. */
  private common(name: string, app: WebAppConfig, props: AppsChartProps): Pick<WebAppProps, 'name' | 'namespace' | 'delivery' | 'scaling' | 'resources' | 'highlyAvailable' | 'route' | 'allowFrom' | 'allowTo'> {
    const { config } = props;
    return {
      name,
      namespace: NAMESPACE.apps,
      delivery: app.delivery,
      scaling: app.autoscaling ? { autoscaling: app.autoscaling } : { replicas: app.replicas! },
      resources: app.resources,
      highlyAvailable: config.highlyAvailable,
      route: { table: props.routes, subdomain: app.subdomain },
      allowFrom: app.allowFrom.map(f => ({ peer: flowPeer(f.peer, config), ports: f.ports })),
      allowTo: app.allowTo.map(f => ({ peer: flowPeer(f.peer, config), ports: f.ports })),
    };
  }
}

/** The peer a config flow names. Namespaces of the stack and tenants are managed: their side gets a policy too. */
function flowPeer(peer: FlowPeerConfig, config: EnvironmentConfig) {
  switch (peer.kind) {
    case 'app':
      return webAppPeer(peer.name, NAMESPACE.apps);
    case 'pods': {
      const managed = (STACK_NAMESPACES as readonly string[]).includes(peer.namespace) || config.tenants.some(t => t.name === peer.namespace);
      return (managed ? Peer.workload : Peer.foreign)(peer.name, peer.namespace, peer.podLabels);
    }
    case 'cidrs':
      return Peer.ipBlock(peer.name, peer.cidrs);
    case 'internet':
      return internetPeer(config.cluster);
  }
}
