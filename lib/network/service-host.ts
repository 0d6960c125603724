import { k8s } from '../core/k8s';

/**
 * `<service>.<namespace>.svc`: resolvable from any namespace and independent of the cluster
 * domain (the pod's DNS search list completes it).
 */
export function serviceHost(service: k8s.KubeService): string {
  return `${service.name}.${service.metadata.namespace}.svc`;
}
