import { EXPORTER_METRICS, series } from '../exporter-metrics';
import { alertRuleGroup } from './alert-rule';

const ingress = EXPORTER_METRICS.ingressNginx;
const requests = (matchers?: string): string => `sum by (namespace, ingress) (rate(${series(ingress, 'nginx_ingress_controller_requests', matchers)}[5m]))`;
/** Ratio of 5xx responses per Ingress, only where there is traffic to judge (at least 1 request/s). */
const errorRatio = `((${requests('status=~"5.."')} / ${requests()}) and (${requests()} >= 1))`;
const p95 = `histogram_quantile(0.95, sum by (namespace, ingress, le) (rate(${series(ingress, 'nginx_ingress_controller_request_duration_seconds_bucket')}[5m])))`;

const errorsDescription = 'The app behind the Ingress answers with server errors (or ingress-nginx finds no ready upstream: 502/503). '
  + 'Check its pods (`kubectl -n {{ $labels.namespace }} get pods`, logs, readiness) and the last rollout.';

/** Web apps behind ingress-nginx, from the controller's request metrics. */
export const WEB_APP_RULES = alertRuleGroup('web-apps', [
  {
    alert: 'WebAppHighErrorRatio',
    expr: `${errorRatio} > 0.05`,
    for: '10m',
    severity: 'warning',
    summary: 'More than 5% of requests to {{ $labels.namespace }}/{{ $labels.ingress }} fail with 5xx',
    description: errorsDescription,
  },
  {
    alert: 'WebAppHighErrorRatio',
    expr: `${errorRatio} > 0.25`,
    for: '5m',
    severity: 'critical',
    summary: 'More than 25% of requests to {{ $labels.namespace }}/{{ $labels.ingress }} fail with 5xx',
    description: errorsDescription,
  },
  {
    alert: 'WebAppHighLatency',
    expr: `(${p95} > 1) and (${requests()} >= 1)`,
    for: '15m',
    severity: 'warning',
    summary: '95th percentile latency of {{ $labels.namespace }}/{{ $labels.ingress }} is above 1 second',
    description: 'Requests take long end to end (ingress-nginx to the app and back). Check the app\'s CPU throttling and saturation '
      + '(KubeHpaMaxedOut), its upstream dependencies, and whether one pod is slower than the others.',
  },
]);
