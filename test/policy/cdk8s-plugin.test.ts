import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import type * as cli from 'cdk8s-cli/lib/plugins/validation';
import { writeConstructMetadata } from '../../lib/policy';
import { PolicyValidation } from '../../lib/policy/cdk8s-plugin';
import { platform, webPod } from './fixtures';
import { CONSTRUCT_METADATA_FILE } from '../../lib/policy/construct-metadata';

const { ValidationContext } = require('cdk8s-cli/plugins') as typeof cli;
const ROOT = path.resolve(__dirname, '../..');
const toYaml = (objects: any[]) => objects.map(o => JSON.stringify(o)).join('\n---\n');

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-plugin-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function writeEnv(env: string, objects: any[]): string {
  fs.mkdirSync(path.join(dir, env), { recursive: true });
  const file = path.join(dir, env, '0000-platform.k8s.yaml');
  fs.writeFileSync(file, toYaml(objects));
  return file;
}

describe('PolicyValidation (cdk8s validation plugin)', () => {
  test('passes a clean synth', async () => {
    const context = new ValidationContext([writeEnv('dev', platform()), writeEnv('prod', platform())], 'policy', '0.1.0', {});
    await new PolicyValidation().validate(context);
    expect(context.report.success).toBe(true);
  });

  test('fails with rule, construct path and field location, checking each environment folder on its own', async () => {
    const prod = platform();
    webPod(prod).hostIPC = true;
    const files = [writeEnv('dev', platform()), writeEnv('prod', prod)];
    const metadata = { 'prod: Deployment apps/web': { path: 'prod-platform/apps/web/Deployment' } };
    const context = new ValidationContext(files, 'policy', '0.1.0', metadata);
    await new PolicyValidation().validate(context);

    expect(context.report.success).toBe(false);
    expect(context.report.toJson().violations).toEqual([{
      ruleName: 'PSS-BASELINE-HOST-NAMESPACES',
      recommendation: 'Pod shares a host namespace (network, PID or IPC) and escapes isolation',
      fix: expect.stringContaining('hostIPC'),
      violatingConstructs: [{
        resourceName: 'prod: Deployment apps/web',
        constructPath: 'prod-platform/apps/web/Deployment',
        manifestPath: files[1],
        locations: ['spec.template.spec.hostIPC (hostIPC: true)'],
      }],
    }]);
  });
});

describe('PolicyValidation with a bootstrap sub-folder (docs/apply.md)', () => {
  function writeSplit(env: string, objects: any[]): string[] {
    const bootstrap = path.join(dir, env, 'bootstrap');
    fs.mkdirSync(bootstrap, { recursive: true });
    fs.writeFileSync(path.join(bootstrap, '0001-namespaces.k8s.yaml'), toYaml(objects.filter(o => o.kind === 'Namespace')));
    fs.writeFileSync(path.join(dir, env, '0000-platform.k8s.yaml'), toYaml(objects.filter(o => o.kind !== 'Namespace')));
    return [path.join(bootstrap, '0001-namespaces.k8s.yaml'), path.join(dir, env, '0000-platform.k8s.yaml')];
  }

  test('checks an environment and its bootstrap folder as one environment', async () => {
    const context = new ValidationContext(writeSplit('prod', platform()), 'policy', '0.1.0', {});
    await new PolicyValidation().validate(context);
    expect(context.report.success).toBe(true);
    expect(context.report.toJson().summary.metadata).toMatchObject({ objects: String(platform().length) });
  });

  test('a violation in the bootstrap folder is reported under its environment', async () => {
    const objects = platform();
    objects.find(o => o.kind === 'Namespace' && o.metadata.name === 'agents').metadata.labels['pod-security.kubernetes.io/enforce'] = 'nonsense';
    const files = writeSplit('prod', objects);
    const context = new ValidationContext(files, 'policy', '0.1.0', {});
    await new PolicyValidation().validate(context);
    const violations = context.report.toJson().violations;
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.flatMap((v: any) => v.violatingConstructs.map((c: any) => c.resourceName)).every((n: string) => n.startsWith('prod: '))).toBe(true);
  });
});

describe('writeConstructMetadata', () => {
  test('writes one metadata file at the output root, keyed per environment and kind, and none in environment folders', () => {
    const apps: Record<string, App> = {};
    for (const env of ['dev', 'prod']) {
      const app = new App({ outdir: path.join(dir, env), recordConstructMetadata: true });
      const chart = new Chart(app, `${env}-apps`, { namespace: 'apps' });
      new ApiObject(chart, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } });
      new ApiObject(chart, 'deploy', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } });
      new ApiObject(chart, 'role', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'web' } });
      app.synth();
      apps[env] = app;
    }
    expect(fs.existsSync(path.join(dir, 'dev', CONSTRUCT_METADATA_FILE))).toBe(true);

    writeConstructMetadata(dir, apps);

    expect(fs.existsSync(path.join(dir, 'dev', CONSTRUCT_METADATA_FILE))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'prod', CONSTRUCT_METADATA_FILE))).toBe(false);
    const metadata = JSON.parse(fs.readFileSync(path.join(dir, CONSTRUCT_METADATA_FILE), 'utf-8'));
    expect(metadata.version).toBe('1.0.0');
    expect(metadata.resources).toMatchObject({
      'dev: Service apps/web': { path: 'dev-apps/svc' },
      'dev: Deployment apps/web': { path: 'dev-apps/deploy' },
      'prod: Deployment apps/web': { path: 'prod-apps/deploy' },
      'prod: ClusterRole web': { path: 'prod-apps/role' },
    });
  });
});

describe('cdk8s synth with the plugin wired as in cdk8s.yaml', () => {
  test('exits non-zero and reports the construct path; environment folders hold only manifests', () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-synth-'));
    try {
      fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'));
      fs.writeFileSync(path.join(project, 'cdk8s.yaml'), [
        `app: node --require ${path.join(ROOT, 'lib/synth/register.js')} app.ts`,
        'output: out',
        'validations:',
        `  - package: ${path.join(ROOT, 'lib/policy/cdk8s-plugin.js')}`,
        '    version: 0.1.0',
        '    class: PolicyValidation',
      ].join('\n'));
      fs.writeFileSync(path.join(project, 'app.ts'), `
        import * as path from 'path';
        import { ApiObject, App, Chart } from 'cdk8s';
        import { writeConstructMetadata } from ${JSON.stringify(path.join(ROOT, 'lib/policy'))};
        const outdir = process.env.CDK8S_OUTDIR!;
        const app = new App({ outdir: path.join(outdir, 'dev'), recordConstructMetadata: false });
        const objects = ${JSON.stringify(platform())};
        objects.find((o: any) => o.kind === 'Deployment').spec.template.spec.containers[0].image = 'nginx:latest';
        objects.forEach((o: any, i: number) => new ApiObject(new Chart(app, 'chart' + i), 'obj', o));
        app.synth();
        writeConstructMetadata(outdir, { dev: app });
      `);
      const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/cdk8s-cli/bin/cdk8s'), 'synth', '--no-check-upgrade'],
        { cwd: project, encoding: 'utf-8' });
      expect(result.stdout).toContain('IMG-LATEST (1 occurrences)');
      expect(result.stdout).toContain('Construct Path: chart6/obj');
      expect(result.stdout).toContain('Resource Name: dev: Deployment apps/web');
      expect(result.status).not.toBe(0);
      expect(fs.readdirSync(path.join(project, 'out', 'dev')).every(f => f.endsWith('.k8s.yaml'))).toBe(true);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  }, 60_000);
});
