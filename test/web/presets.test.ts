import { helloApp, nginxUnprivileged } from '../../lib/web/presets';

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
