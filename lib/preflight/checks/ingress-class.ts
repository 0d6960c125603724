import { INGRESS_NGINX_CONTROLLER } from '../../ingress/ingress-class';
import { Check, Finding, labelSelector, unknownFinding } from '../finding';

/** The ingress-nginx flag naming the controller value it serves (pkg/flags/flags.go, `--controller-class`). */
const CONTROLLER_CLASS_FLAG = '--controller-class';
/**
 * pkg/flags/flags.go (controller-v1.11.3): `--enable-metrics` defaults to true, but the Helm chart passes
 * `--enable-metrics=false` unless `controller.metrics.enabled` (templates/_params.tpl), and so do the static
 * manifests generated from it: the request metrics the web-app alerts and dashboards read are then never made.
 */
const ENABLE_METRICS_FLAG = '--enable-metrics';

/** A flag's last value in a pod's commands and arguments (`--flag=value` or `--flag value`), or undefined. */
function flagValue(pod: any, flag: string, takesSeparateValue: boolean): string | undefined {
  const args: string[] = (pod.spec?.containers ?? []).flatMap((c: any) => [...(c.command ?? []), ...(c.args ?? [])]);
  let value: string | undefined;
  for (const [i, arg] of args.entries()) {
    if (arg.startsWith(`${flag}=`)) value = arg.slice(flag.length + 1);
    else if (arg === flag) value = takesSeparateValue ? args[i + 1] : 'true';
  }
  return value;
}

/** The `--controller-class` a controller pod runs with; ingress-nginx defaults it to `k8s.io/ingress-nginx`. */
function controllerClassOf(pod: any): string {
  return flagValue(pod, CONTROLLER_CLASS_FLAG, true) ?? INGRESS_NGINX_CONTROLLER;
}

/** Whether a controller pod makes its request metrics (a boolean flag, parsed as Go's strconv.ParseBool). */
function servesMetrics(pod: any): boolean {
  return !['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(flagValue(pod, ENABLE_METRICS_FLAG, false) ?? 'true');
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
  const served: Finding = classes.includes(controller)
    ? { ...controllerBase, status: 'ok', detail: `${CONTROLLER_CLASS_FLAG}=${controller}` }
    : { ...controllerBase, status: 'missing', detail: `the controller serves ${CONTROLLER_CLASS_FLAG}=${classes.join(', ')}, not ${controller}: no Ingress of the render would be served`, fix: `run ingress-nginx with ${CONTROLLER_CLASS_FLAG}=${controller}` };
  if (!config.monitoring.enabled) return [classFinding, served];
  const metricsBase = { check: 'ingress-class', subject: `request metrics of IngressClass ${name}'s controller`, fields: ['monitoring.enabled'] };
  const silent = items.filter(pod => !servesMetrics(pod)).map(pod => pod.metadata.name);
  const metrics: Finding = silent.length === 0
    ? { ...metricsBase, status: 'ok', detail: `${ENABLE_METRICS_FLAG} is not off` }
    : { ...metricsBase, status: 'missing', detail: `${silent.join(', ')} run with ${ENABLE_METRICS_FLAG}=false: the web apps' request alerts and dashboards get no data`, fix: 'turn the controller metrics on (Helm: controller.metrics.enabled=true)' };
  return [classFinding, served, metrics];
});
