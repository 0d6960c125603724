import { PodsPeer } from './peer';

/** Where a route sends traffic: a Service the code created, and the pods and port behind it. */
export interface RouteBackend {
  /** Namespace of the Service (an Ingress must live there too). */
  readonly namespace: string;
  /** Name of the Service, read from the Service object. */
  readonly serviceName: string;
  /** Service port number, read from the Service object. */
  readonly servicePort: number;
  /** The pods behind the Service: the ingress controller's flow is opened to them. */
  readonly pods: PodsPeer;
  /** Container port the Service targets: NetworkPolicies see traffic after Service translation. */
  readonly podPort: number;
}

export interface Route {
  /** Readable name: the Ingress object is named after it. */
  readonly name: string;
  /** Host label under the environment's domain, e.g. `kibana` for `kibana.<domain>`. */
  readonly subdomain: string;
  /** Path prefix the route serves. @default '/' */
  readonly path?: string;
  /** The Service the Ingress sends to. */
  readonly backend: RouteBackend;
  /** Controller-specific annotations the backend needs (e.g. body size for Jenkins). @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Path prefixes under the route that the backend serves for in-cluster callers only (e.g. a metrics
   * endpoint without authentication): the ingress refuses them from everywhere. @default - none
   */
  readonly internalPaths?: readonly string[];
}

/** A route as the table stores it, with its defaults applied. */
export interface RegisteredRoute extends Route {
  readonly path: string;
  readonly internalPaths: readonly string[];
}

/**
 * A share of a route's requests sent to another Service (ingress-nginx canary). It has no host or
 * path of its own: the controller only honours a canary on exactly the host and path of a main
 * Ingress, so both are taken from the main route.
 */
export interface CanaryRoute {
  /** Name of the main route. */
  readonly of: string;
  /** The canary's Service: a different one from the main route's. */
  readonly backend: RouteBackend;
  /** Requests sent to the canary, out of `weightTotal` (0 = none, `weightTotal` = all). */
  readonly weight: number;
  /** What `weight` is out of: at least 100, since ingress-nginx reads a smaller total as 100. @default 100 */
  readonly weightTotal?: number;
}

/** A canary as the table stores it, with its defaults applied. */
export interface RegisteredCanary extends CanaryRoute {
  readonly weightTotal: number;
}

/**
 * The environment's routing table: components register their public routes here, and the ingress
 * chart renders Ingress objects, TLS and the ingress-controller flows from it. A host can be
 * claimed once (one Ingress and one certificate per host), and a route can have one canary.
 */
export class RoutingTable {
  private readonly entries: RegisteredRoute[] = [];
  private readonly canaryEntries: RegisteredCanary[] = [];

  constructor(public readonly domain: string) {}

  /** Registers a route and returns its public URL. */
  public add(input: Route): string {
    const route: RegisteredRoute = { ...input, path: input.path ?? '/', internalPaths: input.internalPaths ?? [] };
    if (!route.path.startsWith('/')) throw new Error(`Route "${route.name}": path "${route.path}" must start with "/"`);
    for (const internal of route.internalPaths) {
      if (!internal.startsWith(route.path)) throw new Error(`Route "${route.name}": internal path "${internal}" must lie under the route's path "${route.path}"`);
    }
    const clash = this.entries.find(r => r.subdomain === route.subdomain);
    if (clash) {
      throw new Error(`Route "${route.name}": host ${this.host(route.subdomain)} is already routed to "${clash.name}" (one route per host: each host gets one Ingress and one TLS certificate)`);
    }
    if (this.entries.some(r => r.name === route.name)) throw new Error(`Route name "${route.name}" is already used`);
    this.entries.push(route);
    return this.url(route.subdomain, route.path);
  }

  /** Sends `weight` of the requests of route `canary.of` to another Service. */
  public addCanary(input: CanaryRoute): void {
    const canary: RegisteredCanary = { ...input, weightTotal: input.weightTotal ?? 100 };
    const main = this.entries.find(r => r.name === canary.of);
    if (!main) throw new Error(`Canary of "${canary.of}": no such route (register the main route first)`);
    if (this.canaryOf(main.name)) throw new Error(`Route "${main.name}" already has a canary (ingress-nginx supports one per host and path)`);
    if (main.backend.namespace === canary.backend.namespace && main.backend.serviceName === canary.backend.serviceName) {
      throw new Error(`Canary of "${main.name}": the canary needs its own Service, not "${main.backend.serviceName}"`);
    }
    const total = canary.weightTotal;
    // ingress-nginx (controller-v1.11.3 rootfs/etc/nginx/lua/balancer.lua) uses a total only above 100 and
    // otherwise divides by 100: a total of 10 with weight 10 would send 10 %, not everything.
    if (!Number.isInteger(total) || total < 100) {
      throw new Error(`Canary of "${main.name}": weightTotal must be an integer of at least 100 (ingress-nginx reads smaller totals as 100), got ${total}`);
    }
    if (!Number.isInteger(canary.weight) || canary.weight < 0 || canary.weight > total) {
      throw new Error(`Canary of "${main.name}": weight must be an integer from 0 to ${total}, got ${canary.weight}`);
    }
    this.canaryEntries.push(canary);
  }

  /** The canary of a route, if it has one. */
  public canaryOf(routeName: string): RegisteredCanary | undefined {
    return this.canaryEntries.find(c => c.of === routeName);
  }

  /** Fully qualified host for a subdomain. */
  public host(subdomain: string): string {
    return `${subdomain}.${this.domain}`;
  }

  /** Public HTTPS URL of a subdomain and path. */
  public url(subdomain: string, path = '/'): string {
    return `https://${this.host(subdomain)}${path}`;
  }

  /** Every registered route, in registration order. */
  public get routes(): readonly RegisteredRoute[] {
    return this.entries;
  }

  /** Every canary, in registration order. */
  public get canaries(): readonly RegisteredCanary[] {
    return this.canaryEntries;
  }
}
