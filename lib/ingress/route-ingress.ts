import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { labelTree } from '../core/labels';
import { RegisteredCanary, RegisteredRoute, RouteBackend } from '../network/routing-table';

/** Annotation prefix of ingress-nginx. */
const NGINX = 'nginx.ingress.kubernetes.io';

export interface RouteIngressProps {
  /** The route, as registered in the routing table. */
  readonly route: RegisteredRoute;
  /** Fully qualified host of the route. */
  readonly host: string;
  /** The route's canary, if any. @default - none */
  readonly canary?: RegisteredCanary;
  /** IngressClass name. */
  readonly className: string;
  /** Secret with the host's certificate. */
  readonly tlsSecretName: string;
  /** Annotations for TLS issuance (cert-manager), on the main Ingress only. @default - none */
  readonly tlsAnnotations?: Readonly<Record<string, string>>;
}

/**
 * The Ingress of one route, in its backend's namespace, and the canary Ingress when the route has
 * a canary. The canary repeats host, path and class exactly (ingress-nginx ignores a canary
 * without a matching main Ingress) and carries neither TLS nor other annotations: ingress-nginx
 * takes those from the main Ingress.
 */
export class RouteIngress extends Construct {
  public readonly ingress: k8s.KubeIngress;
  public readonly canaryIngress?: k8s.KubeIngress;
  /** The Ingress that refuses the route's internal paths, if it has any. */
  public readonly internalIngress?: k8s.KubeIngress;

  constructor(scope: Construct, id: string, props: RouteIngressProps) {
    super(scope, id);
    const { route, host } = props;
    const rules = (backend: RouteBackend, paths: readonly string[] = [route.path]): k8s.IngressRule[] => [{
      host,
      http: {
        paths: paths.map(path => ({
          path,
          pathType: 'Prefix',
          backend: { service: { name: backend.serviceName, port: { number: backend.servicePort } } },
        })),
      },
    }];
    const annotations = { ...route.annotations, ...props.tlsAnnotations };
    this.ingress = new k8s.KubeIngress(this, 'ingress', {
      metadata: { name: route.name, namespace: route.backend.namespace, annotations: Object.keys(annotations).length ? annotations : undefined },
      spec: {
        ingressClassName: props.className,
        tls: [{ hosts: [host], secretName: props.tlsSecretName }],
        rules: rules(route.backend),
      },
    });
    if (props.canary) {
      const { canary } = props;
      this.canaryIngress = new k8s.KubeIngress(this, 'canary', {
        metadata: {
          name: `${route.name}-canary`,
          namespace: canary.backend.namespace,
          annotations: {
            [`${NGINX}/canary`]: 'true',
            [`${NGINX}/canary-weight`]: String(canary.weight),
            [`${NGINX}/canary-weight-total`]: String(canary.weightTotal),
          },
        },
        spec: { ingressClassName: props.className, rules: rules(canary.backend) },
      });
    }
    if (route.internalPaths.length) {
      // ingress-nginx builds one location per path of every Ingress of the host, each with its own
      // Ingress's annotations: these longer prefixes win over the route's and answer 403 to any client.
      this.internalIngress = new k8s.KubeIngress(this, 'internal', {
        metadata: {
          name: `${route.name}-internal`,
          namespace: route.backend.namespace,
          annotations: { [`${NGINX}/denylist-source-range`]: '0.0.0.0/0,::/0' },
        },
        spec: { ingressClassName: props.className, rules: rules(route.backend, route.internalPaths) },
      });
    }
    labelTree(this, { name: route.name, component: 'ingress', partOf: 'platform' });
  }
}
