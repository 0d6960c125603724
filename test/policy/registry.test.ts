import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkManifests } from '../../lib/policy';
import { isAllowedImage, REGISTRY_RULES } from '../../lib/policy/rules/registry';
import { platform, webPod } from './fixtures';
import { npmRun } from '../support/npm-run';

const check = (objects: any[], allowedRegistries?: string[]) =>
  checkManifests(objects.map(object => ({ object })), { allowedRegistries }).filter(v => v.ruleId === REGISTRY_RULES.registry.id);

describe('IMG-REGISTRY', () => {
  test('quiet without allowed registries (an environment without images.registry, or validate without the flag)', () => {
    expect(check(platform())).toEqual([]);
  });

  test('quiet when every image is under an allowed registry or prefix', () => {
    expect(check(platform(), ['registry.local:5000', 'docker.io/library', 'docker.io/jenkins'])).toEqual([]);
  });

  test('fires for each image elsewhere: containers, and JCasC agent templates reported on their ConfigMap', () => {
    const violations = check(platform(), ['registry.local:5000']);
    const at = violations.map(v => `${v.kind}/${v.name} ${v.path}`);
    expect(at).toContain('Deployment/web spec.template.spec.containers[0].image');
    expect(at).not.toContain('Deployment/web spec.template.spec.initContainers[0].image');
    expect(at.filter(p => p.startsWith('ConfigMap/jenkins-config data["jenkins.yaml"].jenkins.clouds[0].kubernetes.templates'))).toHaveLength(2);
    expect(violations.find(v => v.name === 'web')!.detail).toBe('container "web" image "nginx:1.25.3" is not under registry.local:5000');
  });

  test('fires for an init container moved off the mirror', () => {
    const objects = platform();
    webPod(objects).initContainers[0].image = 'ghcr.io/team/migrate:1.2.3';
    expect(check(objects, ['registry.local:5000', 'docker.io', 'postgres']).map(v => v.path)).toContain('spec.template.spec.initContainers[0].image');
  });
});

describe('isAllowedImage', () => {
  test.each([
    ['registry.example.com/dockerhub/library/nginx:1.27', ['registry.example.com'], true],
    ['registry.example.com/dockerhub/library/nginx:1.27', ['registry.example.com/dockerhub'], true],
    ['registry.example.com/dockerhub/library/nginx:1.27', ['registry.example.com/docker'], false],
    ['registry.example.com:5000/x/y:1', ['registry.example.com'], false],
    ['nginx:1.27', ['docker.io/library'], true],
    ['nginx:1.27', ['docker.io'], true],
    ['nginx:1.27', ['registry.example.com'], false],
    ['docker.io/nginx:1.27', ['docker.io/nginx'], false],
  ])('%s under %j: %s', (image, allowed, expected) => {
    expect(isAllowedImage(image, allowed)).toBe(expected);
  });
});

describe('npm run validate --allowed-registry', () => {
  test('fails a hand-written file pulling from elsewhere, passes with the registry allowed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-'));
    try {
      const file = path.join(dir, 'deploy.yaml');
      fs.writeFileSync(file, 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n      containers: [{name: x, image: "docker.io/library/busybox:1.36.1"}]\n');
      const run = (...args: string[]) => npmRun('validate', [file, ...args]);
      const denied = run('--allowed-registry', 'registry.example.com');
      expect(denied.stdout).toContain('✗ IMG-REGISTRY  spec.template.spec.containers[0].image');
      expect(denied.status).toBe(1);
      expect(run('--allowed-registry=registry.example.com', '--allowed-registry', 'docker.io/library').stdout).not.toContain('IMG-REGISTRY');
      expect(run().stdout).not.toContain('IMG-REGISTRY');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
