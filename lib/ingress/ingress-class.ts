import { Construct } from 'constructs';
import { k8s } from '../core/k8s';

/** The controller ingress-nginx registers for its classes. */
export const INGRESS_NGINX_CONTROLLER = 'k8s.io/ingress-nginx';

export interface NginxIngressClassProps {
  /** Class name that every Ingress of the platform sets in `ingressClassName`. */
  readonly name: string;
}

/**
 * The IngressClass served by the ingress-nginx controller (a cluster prerequisite). It is not
 * marked as the cluster default: every platform Ingress names its class explicitly, and another
 * default would make admission reject class-less Ingresses.
 */
export class NginxIngressClass extends Construct {
  public readonly ingressClass: k8s.KubeIngressClass;

  constructor(scope: Construct, id: string, props: NginxIngressClassProps) {
    super(scope, id);
    this.ingressClass = new k8s.KubeIngressClass(this, 'class', {
      metadata: { name: props.name },
      spec: { controller: INGRESS_NGINX_CONTROLLER },
    });
  }
}
