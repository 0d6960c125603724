import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../lib/config/schema';
import { labelTree } from '../lib/core/labels';
import { NginxIngressClass } from '../lib/ingress/ingress-class';
import { IngressControllerFlows } from '../lib/ingress/ingress-flows';
import { RouteIngress } from '../lib/ingress/route-ingress';
import { AcmeSolverFlows, declaredTlsSecrets, tlsAnnotations, tlsSecretName } from '../lib/ingress/tls';
import { apiServerPeer, ingressControllerPeer } from '../lib/network/cluster-peers';
import { RoutingTable } from '../lib/network/routing-table';
import { SecretBootstrap } from '../lib/secrets/secret-bootstrap';

export interface IngressChartProps {
  /** The validated environment: its `ingress` settings (class, controller, TLS) and the kubectl image of the TLS secret bootstrap. */
  readonly config: EnvironmentConfig;
  /** The complete routing table: create this chart after every chart that registers routes. */
  readonly routes: RoutingTable;
}

/**
 * Everything public, generated from the routing table: the IngressClass, one Ingress per route
 * (plus its canary), TLS per host, and the ingress controller's flows to the backends.
 */
export class IngressChart extends Chart {
  constructor(scope: Construct, id: string, props: IngressChartProps) {
    super(scope, id);
    const { config, routes } = props;
    const { ingress } = config;

    const { ingressClass } = new NginxIngressClass(this, 'class', { name: ingress.className });
    const hostsByNamespace = new Map<string, string[]>();
    for (const route of routes.routes) {
      const host = routes.host(route.subdomain);
      new RouteIngress(this, `route-${route.name}`, {
        route,
        host,
        canary: routes.canaryOf(route.name),
        className: ingressClass.name,
        tlsSecretName: tlsSecretName(host),
        tlsAnnotations: tlsAnnotations(ingress.tls),
      });
      hostsByNamespace.set(route.backend.namespace, [...(hostsByNamespace.get(route.backend.namespace) ?? []), host]);
    }
    const controller = ingressControllerPeer(ingress);
    new IngressControllerFlows(this, 'flows', { routes, controller });
    new AcmeSolverFlows(this, 'acme-solver-flows', { tls: ingress.tls, ingressController: controller, namespaces: [...hostsByNamespace.keys()] });

    for (const [namespace, secrets] of declaredTlsSecrets(ingress.tls, hostsByNamespace)) {
      new SecretBootstrap(this, `tls-secrets-${namespace}`, {
        name: 'ingress-tls', namespace, secrets, image: config.images.kubectl, partOf: 'ingress',
        apiServer: { peer: apiServerPeer(config.cluster), ports: config.cluster.apiServer.ports },
      });
    }
    labelTree(this, { name: 'ingress-nginx', component: 'ingress', partOf: 'platform' });
  }
}
