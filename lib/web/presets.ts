import { Resources } from '../core/resources';
import { parseQuantity } from '../core/quantity';
import { nginxConfig, NginxStubStatus } from './nginx-config';
import { NGINX_EXPORTER_IMAGE, nginxExporterContainer } from './nginx-exporter';
import { WebAppProps } from './web-app';

/**
 * The WebApp props that are facts about an image rather than about an environment: the user it
 * runs as, its port, how it is probed, started, configured and stopped.
 */
export type WebAppPreset = Required<Pick<WebAppProps, 'runAs' | 'port' | 'probePath'>>
  & Pick<WebAppProps, 'command' | 'args' | 'configFiles' | 'configEnv' | 'preStop' | 'writablePaths' | 'metrics'>;

export interface NginxUnprivilegedOptions {
  /** Addresses of the reverse proxies whose X-Forwarded-For nginx trusts: where the ingress controller's pods run. */
  readonly trustedProxies: readonly string[];
  /** The app's resources: nginx starts one worker per CPU of the limit, or of the request without a limit. */
  readonly resources: Resources;
  /** The nginx-prometheus-exporter sidecar (pinned image and its resources). @default - no metrics */
  readonly exporter?: { readonly image: string; readonly resources: Resources };
}

/** nginx's stub_status for the exporter: loopback only, beside the app's 8080. */
const STUB_STATUS: NginxStubStatus = { port: 8081, path: '/stub_status' };

/** `nginxinc/nginx-unprivileged` serving static content, with a generated nginx.conf. */
export function nginxUnprivileged(options: NginxUnprivilegedOptions): WebAppPreset {
  // The image's UID/GID 101 and unprivileged port.
  const port = 8080;
  const healthPath = '/healthz';
  return {
    runAs: { user: 101 },
    port,
    probePath: healthPath,
    // Skips the image's entrypoint scripts, which try to edit /etc/nginx (read-only here).
    command: ['nginx'],
    args: ['-g', 'daemon off;'],
    configFiles: {
      '/etc/nginx/nginx.conf': nginxConfig({
        port,
        healthPath,
        trustedProxies: options.trustedProxies,
        workerProcesses: Math.max(1, Math.ceil(parseQuantity(options.resources.cpuLimit ?? options.resources.cpu))),
        stubStatus: options.exporter && STUB_STATUS,
      }),
    },
    metrics: options.exporter && {
      sidecar: nginxExporterContainer({ ...options.exporter, stubStatusUrl: `http://127.0.0.1:${STUB_STATUS.port}${STUB_STATUS.path}` }),
      port: NGINX_EXPORTER_IMAGE.port,
    },
    // The ingress controller keeps sending to a terminating pod until it sees the endpoint go: wait before nginx stops.
    preStop: ['/bin/sh', '-c', 'sleep 5'],
  };
}

/** `gcr.io/google-samples/hello-app` on distroless: the `nonroot` UID/GID, port from $PORT. */
export function helloApp(): WebAppPreset {
  const port = 8080;
  return {
    runAs: { user: 65532 },
    port,
    // hello-app answers 200 on every path.
    probePath: '/',
    configEnv: { PORT: String(port) },
  };
}
