import { SCRAPE_JOBS } from '../../../lib/monitoring/scrape-jobs';
import { AlertCase, sample } from '../alert-case';

const job = SCRAPE_JOBS.ingressNginx;
const web = { namespace: 'apps', ingress: 'web-server' };
/** A request counter at `perSecond`, one sample a minute. */
const requests = (ingress: Record<string, string>, status: string, perSecond: number): Record<string, string> => ({
  [sample('nginx_ingress_controller_requests', job, { ...ingress, service: ingress.ingress, method: 'GET', path: '/', canary: '', status })]: `0+${perSecond * 60}x30`,
});
/** Latency buckets with every request in bucket `le`. */
const latency = (le: string, perSecond: number): Record<string, string> => Object.fromEntries(['0.5', '1', '2.5', '+Inf'].map(bound => [
  sample('nginx_ingress_controller_request_duration_seconds_bucket', job, { ...web, status: '200', le: bound }),
  bound === '+Inf' || Number(bound) >= Number(le) ? `0+${perSecond * 60}x30` : '0x30',
]));

export const WEB_APP_CASES: AlertCase[] = [
  {
    name: '10% of requests fail',
    alert: 'WebAppHighErrorRatio',
    series: { ...requests(web, '200', 9), ...requests(web, '503', 1) },
    at: '20m',
    fires: [{ severity: 'warning', labels: web }],
  },
  {
    name: 'half the requests fail',
    alert: 'WebAppHighErrorRatio',
    series: { ...requests(web, '200', 5), ...requests(web, '500', 5) },
    at: '20m',
    fires: [{ severity: 'warning', labels: web }, { severity: 'critical', labels: web }],
  },
  {
    name: 'few errors, and errors on an Ingress with almost no traffic',
    alert: 'WebAppHighErrorRatio',
    series: {
      ...requests(web, '200', 100), ...requests(web, '500', 1), ...requests(web, '404', 20),
      ...requests({ namespace: 'apps', ingress: 'hello-world' }, '500', 0.5),
    },
    at: '20m',
    fires: [],
  },
  {
    name: 'requests take 1 to 2.5 seconds',
    alert: 'WebAppHighLatency',
    series: { ...latency('2.5', 10), ...requests(web, '200', 10) },
    at: '20m',
    fires: [{ severity: 'warning', labels: web }],
  },
  {
    name: 'requests take less than half a second',
    alert: 'WebAppHighLatency',
    series: { ...latency('0.5', 10), ...requests(web, '200', 10) },
    at: '20m',
    fires: [],
  },
];
