import { nginxConfig } from '../../lib/web/nginx-config';

describe('nginxConfig', () => {
  const conf = nginxConfig({ port: 8081, healthPath: '/healthz', trustedProxies: ['10.0.0.0/8', '192.168.0.0/16'] });

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

  test('trusts X-Forwarded-For only from the given proxies', () => {
    expect(conf).toContain('set_real_ip_from 10.0.0.0/8;\n  set_real_ip_from 192.168.0.0/16;');
  });
});
