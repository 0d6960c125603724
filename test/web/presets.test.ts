import { helloApp, nginxUnprivileged } from '../../lib/web/presets';
import { NGINX_EXPORTER_IMAGE } from '../../lib/web/nginx-exporter';

describe('presets', () => {
  const nginx = (resources: { cpu: string; memory: string; cpuLimit?: string }) =>
    nginxUnprivileged({ trustedProxies: ['10.0.0.0/8'], resources }).configFiles!['/etc/nginx/nginx.conf'];

  test('nginx: one worker per CPU of the limit, else of the request, at least one', () => {
    expect(nginx({ cpu: '250m', memory: '64Mi', cpuLimit: '2500m' })).toMatch(/^worker_processes 3;/);
    expect(nginx({ cpu: '2', memory: '64Mi' })).toMatch(/^worker_processes 2;/);
    expect(nginx({ cpu: '100m', memory: '64Mi' })).toMatch(/^worker_processes 1;/);
  });

  test('nginx: the probe path is the path nginx answers without logging, on the container port', () => {
    const preset = nginxUnprivileged({ trustedProxies: [], resources: { cpu: '1', memory: '64Mi' } });
    const conf = preset.configFiles!['/etc/nginx/nginx.conf'];
    expect(conf).toContain(`location = ${preset.probePath} {`);
    expect(conf).toContain(`listen ${preset.port};`);
  });

  test('hello-app: listens where $PORT says', () => {
    const preset = helloApp();
    expect(preset.configEnv).toEqual({ PORT: String(preset.port) });
  });
});

describe('nginx-static metrics', () => {
  const exporter = { image: 'docker.io/nginx/nginx-prometheus-exporter:1.5.1', resources: { cpu: '10m', memory: '32Mi' } };

  test('without an exporter: no stub_status and no sidecar', () => {
    const preset = nginxUnprivileged({ trustedProxies: [], resources: { cpu: '1', memory: '64Mi' } });
    expect(preset.metrics).toBeUndefined();
    expect(preset.configFiles!['/etc/nginx/nginx.conf']).not.toContain('stub_status');
  });

  test('with an exporter: it scrapes the stub_status nginx serves on the loopback, and Prometheus scrapes the exporter', () => {
    const preset = nginxUnprivileged({ trustedProxies: [], resources: { cpu: '1', memory: '64Mi' }, exporter });
    const conf = preset.configFiles!['/etc/nginx/nginx.conf'];
    const [, host, port] = /listen (127\.0\.0\.1):(\d+);/.exec(conf)!;
    const statusPath = /location = (\S+) \{\n\s+stub_status;/.exec(conf)![1];
    expect(preset.metrics!.sidecar.args).toEqual([`${NGINX_EXPORTER_IMAGE.scrapeUriFlag}=http://${host}:${port}${statusPath}`]);
    expect(Number(port)).not.toBe(preset.port);
    expect(preset.metrics!.port).toBe(NGINX_EXPORTER_IMAGE.port);
    expect(preset.metrics!.sidecar.image).toBe(exporter.image);
  });
});
