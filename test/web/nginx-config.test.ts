import { parseQuantity } from '../../lib/core/quantity';
import { nginxConfig } from '../../lib/web/nginx-config';
import { ENVIRONMENTS, find, renderEnvironment } from '../support/render';

describe('nginxConfig', () => {
  const conf = nginxConfig({ port: 8081, healthPath: '/healthz', trustedProxies: ['10.0.0.0/8', '192.168.0.0/16'], workerProcesses: 2 });

  test('listens on the given unprivileged port and answers the health path', () => {
    expect(conf).toContain('listen 8081;');
    expect(conf).toMatch(/location = \/healthz \{\n\s+access_log off;[\s\S]*return 200/);
  });

  test('writes only to /tmp, so a read-only root filesystem works', () => {
    const paths = [...conf.matchAll(/^\s*(?:pid|\w+_temp_path) (\S+);/gm)].map(m => m[1]);
    expect(paths).toHaveLength(6);
    expect(paths.every(p => p.startsWith('/tmp/'))).toBe(true);
    expect(conf).not.toMatch(/^\s*user /m);
    expect(conf).not.toContain('conf.d');
  });

  test('runs as many workers as the pod has CPUs, never one per node core', () => {
    expect(conf).toMatch(/^worker_processes 2;$/m);
    expect(conf).not.toContain('auto');
  });

  test('trusts X-Forwarded-For only from the given proxies', () => {
    expect(conf).toContain('set_real_ip_from 10.0.0.0/8;\n  set_real_ip_from 192.168.0.0/16;');
  });
});

describe('web-server nginx.conf in the real environments', () => {
  test.each(ENVIRONMENTS)('%s: one worker per configured CPU (at least one)', env => {
    const { objects, config } = renderEnvironment(env);
    const data: Record<string, string> = find(objects, 'ConfigMap', 'web-server-config', 'apps').data;
    const conf = Object.values(data).find(v => v.includes('worker_processes'))!;
    const { cpu, cpuLimit } = config.apps.web['web-server'].resources;
    expect(conf).toMatch(new RegExp(`^worker_processes ${Math.max(1, Math.ceil(parseQuantity(cpuLimit ?? cpu)))};$`, 'm'));
  });
});
