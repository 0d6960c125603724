export interface NginxConfigOptions {
  /** Port nginx listens on (unprivileged: above 1024). */
  readonly port: number;
  /** Path that answers 200 for probes, without an access-log line. */
  readonly healthPath: string;
  /** Addresses of the reverse proxies (the ingress controller's pods) whose X-Forwarded-For is trusted. */
  readonly trustedProxies: readonly string[];
  /**
   * Worker processes: from the pod's CPU, because `auto` counts the node's cores, not the
   * container's share, and a 64-core node would start 64 workers inside a small memory limit.
   */
  readonly workerProcesses: number;
  /**
   * `stub_status` on its own port, bound to the loopback address and allowed from it only: for an
   * exporter in the same pod, never reachable from other pods.
   * @default - no status endpoint
   */
  readonly stubStatus?: NginxStubStatus;
}

/** Where nginx serves its connection counters (`ngx_http_stub_status_module`). */
export interface NginxStubStatus {
  /** Port on 127.0.0.1, other than the app's. */
  readonly port: number;
  /** Path of the status page. */
  readonly path: string;
}

/**
 * A complete nginx.conf for `nginxinc/nginx-unprivileged` under a read-only root filesystem: the
 * pid file and every temp path live in /tmp (an emptyDir), logs go to stdout/stderr, and nothing
 * is included from conf.d (the image's default server would listen a second time).
 */
export function nginxConfig(options: NginxConfigOptions): string {
  const status = options.stubStatus;
  if (status && status.port === options.port) throw new Error(`nginx stub_status port ${status.port} must differ from the app's port`);
  const statusServer = status ? `

  # Connection counters for the metrics exporter in the same pod only.
  server {
    listen 127.0.0.1:${status.port};
    server_name _;
    access_log off;

    location = ${status.path} {
      stub_status;
      allow 127.0.0.1;
      deny all;
    }
  }` : '';
  const realIp = options.trustedProxies.map(cidr => `  set_real_ip_from ${cidr};`).join('\n');
  return `worker_processes ${options.workerProcesses};
pid /tmp/nginx.pid;
error_log /dev/stderr warn;

events {
  worker_connections 1024;
}

http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;

  client_body_temp_path /tmp/client_temp;
  proxy_temp_path /tmp/proxy_temp;
  fastcgi_temp_path /tmp/fastcgi_temp;
  uwsgi_temp_path /tmp/uwsgi_temp;
  scgi_temp_path /tmp/scgi_temp;

  log_format main '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
                  '"$http_referer" "$http_user_agent" "$http_x_forwarded_for" rt=$request_time';
  access_log /dev/stdout main;

  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  server_tokens off;
  gzip on;

  # Log the client, not the ingress controller.
  real_ip_header X-Forwarded-For;
${realIp}

  server {
    listen ${options.port};
    server_name _;

    location = ${options.healthPath} {
      access_log off;
      default_type text/plain;
      return 200 "ok\\n";
    }

    location / {
      root /usr/share/nginx/html;
      index index.html;
      try_files $uri $uri/ =404;
    }
  }${statusServer}
}
`;
}
