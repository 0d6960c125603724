import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseQuantity } from '../../lib/core/quantity';
import { nginxConfig } from '../../lib/web/nginx-config';
import { ENVIRONMENTS, find, renderEnvironment } from '../support/render';

/**
 * `nginx -t` with the real binary (Debian package `nginx`, installed by .ci/run). A missing binary fails the
 * test: a skipped syntax check would look like a passing one.
 */
function nginxTest(conf: string): { status: number | null; output: string } {
  const binary = ['/usr/sbin/nginx', ...(process.env.PATH ?? '').split(path.delimiter).map(d => path.join(d, 'nginx'))].find(f => fs.existsSync(f));
  if (!binary) throw new Error('nginx is not installed: the nginx.conf tests need the real binary (apt-get install -y nginx; .ci/run does this)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-'));
  try {
    const file = path.join(dir, 'nginx.conf');
    fs.writeFileSync(file, conf);
    // Files, not pipes: the config logs to /dev/stdout and /dev/stderr, which nginx opens, and a socket cannot be opened.
    const out = path.join(dir, 'output');
    const fd = fs.openSync(out, 'w');
    try {
      const result = spawnSync(binary, ['-t', '-q', '-e', 'stderr', '-p', dir, '-c', file], { stdio: ['ignore', fd, fd] });
      return { status: result.status, output: fs.readFileSync(out, 'utf8') };
    } finally {
      fs.closeSync(fd);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

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

  test('no status endpoint unless asked for', () => {
    expect(conf).not.toContain('stub_status');
  });

  const withStatus = nginxConfig({ port: 8080, healthPath: '/healthz', trustedProxies: [], workerProcesses: 1, stubStatus: { port: 8081, path: '/stub_status' } });

  test('stub_status on its own port, bound to the loopback address and allowed from it only', () => {
    const server = withStatus.slice(withStatus.indexOf('listen 127.0.0.1:8081;'));
    expect(server).toMatch(/^listen 127\.0\.0\.1:8081;\n\s+server_name _;\n\s+access_log off;\n\s+location = \/stub_status \{\n\s+stub_status;\n\s+allow 127\.0\.0\.1;\n\s+deny all;\n\s+\}/);
    // The app's server still listens on every address, and only there.
    expect(withStatus.match(/^\s+listen /gm)).toHaveLength(2);
    expect(withStatus).toContain('listen 8080;');
  });

  test('the status port must differ from the app\'s', () => {
    expect(() => nginxConfig({ port: 8080, healthPath: '/healthz', trustedProxies: [], workerProcesses: 1, stubStatus: { port: 8080, path: '/s' } }))
      .toThrow('nginx stub_status port 8080 must differ from the app\'s port');
  });

  test('the real nginx accepts both configurations, and rejects a broken one', () => {
    for (const c of [conf, withStatus]) expect(nginxTest(c)).toEqual({ status: 0, output: '' });
    const broken = nginxTest(withStatus.replace('stub_status;', 'stub_statuss;'));
    expect(broken.status).not.toBe(0);
    expect(broken.output).toContain('unknown directive "stub_statuss"');
  });
});

describe('web-server nginx.conf in the real environments', () => {
  test.each(ENVIRONMENTS)('%s: one worker per configured CPU (at least one)', env => {
    const { objects, config } = renderEnvironment(env);
    const data: Record<string, string> = find(objects, 'ConfigMap', 'web-server-config', 'apps').data;
    const conf = Object.values(data).find(v => v.includes('worker_processes'))!;
    const { cpu, cpuLimit } = config.apps.web['web-server'].resources;
    expect(conf).toMatch(new RegExp(`^worker_processes ${Math.max(1, Math.ceil(parseQuantity(cpuLimit ?? cpu)))};$`, 'm'));
    expect(nginxTest(conf)).toEqual({ status: 0, output: '' });
  });
});
