import { k8s } from '../core/k8s';
import { Resources } from '../core/resources';
import { restrictedContainerSecurityContext } from '../core/security';
import { WorkloadContainer } from '../core/workload-pod';

/**
 * Facts about `nginx/nginx-prometheus-exporter` at the pinned tag, read in nginx/nginx-prometheus-exporter
 * v1.5.1: `build/Dockerfile` (a scratch image, `USER 1001:1001`, entrypoint the binary), `exporter.go`
 * (`--web.listen-address` default `:9113`, `--web.telemetry-path` default `/metrics`, a landing page on `/`
 * when the metrics path is not `/`, `--nginx.scrape-uri` the stub_status URL) and `collector/nginx.go`
 * (metrics named `nginx_*`, `nginx_up` 0 when stub_status cannot be read).
 */
export const NGINX_EXPORTER_IMAGE = {
  tag: '1.5.1',
  uid: 1001,
  port: 9113,
  metricsPath: '/metrics',
  /** Served without asking nginx: the exporter's own liveness, whatever nginx's state. */
  landingPath: '/',
  scrapeUriFlag: '--nginx.scrape-uri',
} as const;

/** Name of the exporter's container port. */
export const NGINX_EXPORTER_PORT_NAME = 'metrics';

export interface NginxExporterProps {
  /** Pinned `nginx/nginx-prometheus-exporter` image (tag {@link NGINX_EXPORTER_IMAGE}.tag). */
  readonly image: string;
  /** CPU and memory of the sidecar. */
  readonly resources: Resources;
  /** The stub_status URL of nginx in the same pod, e.g. `http://127.0.0.1:8081/stub_status`. */
  readonly stubStatusUrl: string;
}

/** The exporter as a sidecar container: reads nginx's stub_status over the pod's loopback, serves Prometheus metrics. */
export function nginxExporterContainer(props: NginxExporterProps): WorkloadContainer {
  const probe = (periodSeconds: number, failureThreshold: number): k8s.Probe => ({
    httpGet: { path: NGINX_EXPORTER_IMAGE.landingPath, port: k8s.IntOrString.fromString(NGINX_EXPORTER_PORT_NAME) },
    periodSeconds,
    failureThreshold,
    timeoutSeconds: 2,
  });
  return {
    name: 'nginx-exporter',
    image: props.image,
    args: [`${NGINX_EXPORTER_IMAGE.scrapeUriFlag}=${props.stubStatusUrl}`],
    ports: [{ name: NGINX_EXPORTER_PORT_NAME, containerPort: NGINX_EXPORTER_IMAGE.port, protocol: 'TCP' }],
    resources: props.resources,
    readinessProbe: probe(10, 3),
    livenessProbe: probe(20, 3),
    // The image's own user, not the app's (the pod's runAsUser would apply otherwise).
    securityContext: restrictedContainerSecurityContext({ user: NGINX_EXPORTER_IMAGE.uid }),
  };
}
