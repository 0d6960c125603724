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
  /** @default '/' */
  readonly path?: string;
  readonly backend: RouteBackend;
  /** Controller-specific annotations the backend needs (e.g. body size for Jenkins). @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * The environment's routing table: components register their public routes here, and the ingress
 * chart renders Ingress objects and the ingress-controller flows from it. A host+path can be
 * claimed once.
 */
export class RoutingTable {
  private readonly entries: Route[] = [];

  constructor(public readonly domain: string) {}

  /** Registers a route and returns its public URL. */
  public add(route: Route): string {
    const path = route.path ?? '/';
    const clash = this.entries.find(r => r.subdomain === route.subdomain && (r.path ?? '/') === path);
    if (clash) throw new Error(`Route "${route.name}": ${this.host(route.subdomain)}${path} is already routed to "${clash.name}"`);
    if (this.entries.some(r => r.name === route.name)) throw new Error(`Route name "${route.name}" is already used`);
    this.entries.push(route);
    return this.url(route.subdomain, path);
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
  public get routes(): readonly Route[] {
    return this.entries;
  }
}
