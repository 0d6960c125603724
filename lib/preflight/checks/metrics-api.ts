import { Check, describeObject, unknownFinding } from '../finding';

/** The APIService metrics-server registers; resource-metric HPAs read CPU and memory from it. */
export const METRICS_API_SERVICE = 'v1beta1.metrics.k8s.io';

/** When the render has a HorizontalPodAutoscaler, the resource metrics API is Available. */
export const metricsApiCheck: Check = ({ config, objects, kube }) => {
  const autoscalers = objects.filter(o => o.kind === 'HorizontalPodAutoscaler');
  if (autoscalers.length === 0) return [];
  const fields = Object.entries(config.apps.enabled ? config.apps.web : {}).filter(([, app]) => app.autoscaling).map(([name]) => `apps.web.${name}.autoscaling`);
  const base = { check: 'metrics-api', subject: `APIService ${METRICS_API_SERVICE}`, fields };
  const read = kube.get({ resource: 'apiservices.apiregistration.k8s.io', name: METRICS_API_SERVICE });
  const fix = `install metrics-server, or use fixed replicas instead of ${fields.join(', ') || 'autoscaling'}`;
  if (read.kind === 'unknown') return [unknownFinding(base, read)];
  if (read.kind === 'notFound') return [{ ...base, status: 'missing', detail: `not registered; ${autoscalers.map(describeObject).join(', ')} cannot scale`, fix }];
  const available = (read.value.status?.conditions ?? []).find((c: any) => c.type === 'Available');
  if (available?.status !== 'True') {
    return [{ ...base, status: 'missing', detail: `not Available${available?.message ? `: ${available.message}` : ''}`, fix }];
  }
  return [{ ...base, status: 'ok', detail: `Available; ${autoscalers.length} HPAs use it` }];
};
