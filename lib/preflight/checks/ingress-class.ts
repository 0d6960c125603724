import { INGRESS_NGINX_CONTROLLER } from '../../ingress/ingress-class';
import { Check, Finding, labelSelector, unknownFinding } from '../finding';

/** The ingress-nginx flag naming the controller value it serves (pkg/flags/flags.go, `--controller-class`). */
const CONTROLLER_CLASS_FLAG = '--controller-class';

/** The `--controller-class` a controller pod runs with; ingress-nginx defaults it to `k8s.io/ingress-nginx`. */
function controllerClassOf(pod: any): string {
  const args: string[] = (pod.spec?.containers ?? []).flatMap((c: any) => [...(c.command ?? []), ...(c.args ?? [])]);
  for (const [i, arg] of args.entries()) {
    if (arg.startsWith(`${CONTROLLER_CLASS_FLAG}=`)) return arg.slice(CONTROLLER_CLASS_FLAG.length + 1);
    if (arg === CONTROLLER_CLASS_FLAG && args[i + 1]) return args[i + 1];
  }
  return INGRESS_NGINX_CONTROLLER;
}

/**
 * The IngressClass the render applies can be applied (an existing one with another controller cannot
 * be changed: `spec.controller` is immutable) and the running controller serves it.
 */
export const ingressClassCheck: Check = ({ config, objects, kube }) => objects.filter(o => o.kind === 'IngressClass').flatMap((ingressClass): Finding[] => {
  const name = ingressClass.metadata.name;
  const controller: string = ingressClass.spec.controller;
  const classBase = { check: 'ingress-class', subject: `IngressClass ${name}`, fields: ['ingress.className'] };
  const existing = kube.get({ resource: 'ingressclasses.networking.k8s.io', name });
  const classFinding = ((): Finding => {
    if (existing.kind === 'unknown') return unknownFinding(classBase, existing);
    if (existing.kind === 'notFound') return { ...classBase, status: 'ok', detail: 'absent; the apply creates it' };
    const current = existing.value.spec?.controller;
    if (current !== controller) {
      return { ...classBase, status: 'missing', detail: `exists with controller ${current}; the render needs ${controller} (immutable)`, fix: 'set ingress.className to a class name not in use, or delete that IngressClass' };
    }
    return { ...classBase, status: 'ok', detail: `exists with controller ${controller}; the apply adopts it (server-side apply may report a label conflict if ingress-nginx's manifest created it)` };
  })();

  const controllerBase = { check: 'ingress-class', subject: `controller of IngressClass ${name}`, fields: ['ingress.controllerNamespace', 'ingress.controllerPodLabels'] };
  const pods = kube.get({ resource: 'pods', namespace: config.ingress.controllerNamespace, selector: labelSelector(config.ingress.controllerPodLabels) });
  if (pods.kind === 'unknown') return [classFinding, unknownFinding(controllerBase, pods)];
  const items: any[] = pods.kind === 'found' ? pods.value.items : [];
  if (items.length === 0) {
    return [classFinding, { ...controllerBase, status: 'unknown', detail: 'no controller pod to read its --controller-class from (see selected-pods)', fix: 'install ingress-nginx, or fix ingress.controllerNamespace / ingress.controllerPodLabels' }];
  }
  const classes = [...new Set(items.map(controllerClassOf))];
  if (!classes.includes(controller)) {
    return [classFinding, { ...controllerBase, status: 'missing', detail: `the controller serves ${CONTROLLER_CLASS_FLAG}=${classes.join(', ')}, not ${controller}: no Ingress of the render would be served`, fix: `run ingress-nginx with ${CONTROLLER_CLASS_FLAG}=${controller}` }];
  }
  return [classFinding, { ...controllerBase, status: 'ok', detail: `${CONTROLLER_CLASS_FLAG}=${controller}` }];
});
