import { join } from 'node:path';
import { loadEnvironmentFolder, loadRenderFolder, loadRenderFromGit, mergeBase } from '../../lib/review/render';
import { configMap, deployment, namespace } from './objects';
import { manifest, TempRepo } from './temp-repo';

describe('loading a render folder', () => {
  let repo: TempRepo;
  beforeEach(() => { repo = new TempRepo(); });
  afterEach(() => repo.remove());

  test('reads every YAML file of each environment in file order, and nothing else', () => {
    repo.write('dist/dev/0000-namespaces.k8s.yaml', manifest([namespace('apps')]));
    repo.write('dist/dev/0001-apps.k8s.yaml', `---\n${manifest([deployment('apps', 'web')])}---\n`);
    repo.write('dist/dev/TRAFFIC.md', '# not a manifest\n');
    repo.write('dist/prod/0000-namespaces.k8s.yml', manifest([namespace('apps')]));
    const render = loadRenderFolder(join(repo.dir, 'dist'));
    expect([...render.keys()]).toEqual(['dev', 'prod']);
    expect(render.get('dev')!.map((o) => o.kind)).toEqual(['Namespace', 'Deployment']);
    expect(render.get('prod')).toEqual([namespace('apps')]);
  });

  test('reads what kubectl apply -f <env>/ reads: JSON files and List items too, sub-folders not', () => {
    repo.write('dist/dev/0000-namespaces.json', JSON.stringify(namespace('apps')));
    repo.write('dist/dev/0001-list.yaml', manifest([{ apiVersion: 'v1', kind: 'List', metadata: { name: '' }, items: [configMap('apps', 'a', {}), configMap('apps', 'b', {})] }]));
    repo.write('dist/dev/nested/0002-web.yaml', manifest([deployment('apps', 'web')]));
    expect(loadEnvironmentFolder(join(repo.dir, 'dist/dev')).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/apps', 'ConfigMap/a', 'ConfigMap/b']);
  });

  test('the bootstrap sub-folder (namespaces, ApplySet parent) is part of the environment; other sub-folders are not', () => {
    repo.write('dist/dev/bootstrap/0001-namespaces.k8s.yaml', manifest([namespace('apps')]));
    repo.write('dist/dev/0000-platform.k8s.yaml', manifest([configMap('apps', 'a', {})]));
    repo.write('dist/dev/other/0002-web.yaml', manifest([deployment('apps', 'web')]));
    const kinds = (objects: readonly { kind: string }[] | undefined) => objects!.map((o) => o.kind).sort();
    expect(kinds(loadEnvironmentFolder(join(repo.dir, 'dist/dev')))).toEqual(['ConfigMap', 'Namespace']);
    repo.commit('render');
    expect(kinds(loadRenderFromGit('HEAD', { cwd: repo.dir }).get('dev'))).toEqual(['ConfigMap', 'Namespace']);
  });

  test('the same files are read from git', () => {
    repo.write('dist/dev/0000-namespaces.json', JSON.stringify(namespace('apps')));
    repo.write('dist/dev/nested/0002-web.yaml', manifest([deployment('apps', 'web')]));
    repo.commit('render');
    expect(loadRenderFromGit('HEAD', { cwd: repo.dir }).get('dev')).toEqual([namespace('apps')]);
  });

  test('a missing folder is an empty render', () => {
    expect(loadRenderFolder(join(repo.dir, 'dist')).size).toBe(0);
  });

  test('two objects with the same identity are an error', () => {
    repo.write('dist/dev/a.yaml', manifest([configMap('apps', 'x', {})]));
    repo.write('dist/dev/b.yaml', manifest([configMap('apps', 'x', { other: 'y' })]));
    expect(() => loadEnvironmentFolder(join(repo.dir, 'dist/dev'))).toThrow(/v1\/ConfigMap\/apps\/x is also defined in .*a\.yaml/);
  });

  test('a document that is not a Kubernetes object is an error', () => {
    repo.write('dist/dev/a.yaml', 'just: data\n');
    expect(() => loadEnvironmentFolder(join(repo.dir, 'dist/dev'))).toThrow(/a\.yaml: document is not a Kubernetes object/);
  });
});

describe('loading a render from git', () => {
  let repo: TempRepo;
  beforeEach(() => { repo = new TempRepo(); });
  afterEach(() => repo.remove());

  test('reads the committed render without touching the working tree', () => {
    repo.write('dist/dev/0001-apps.k8s.yaml', manifest([deployment('apps', 'web', 'nginx:1.27.0')]));
    repo.write('dist/dev/TRAFFIC.md', '# ignored\n');
    repo.commit('render');
    repo.write('dist/dev/0001-apps.k8s.yaml', manifest([deployment('apps', 'web', 'nginx:1.27.1')]));
    const status = repo.git('status', '--porcelain');

    const committed = loadRenderFromGit('HEAD', { cwd: repo.dir });
    expect(committed.get('dev')![0].spec.template.spec.containers[0].image).toBe('nginx:1.27.0');
    expect(loadRenderFolder(join(repo.dir, 'dist')).get('dev')![0].spec.template.spec.containers[0].image).toBe('nginx:1.27.1');
    expect(repo.git('status', '--porcelain')).toBe(status);
  });

  test('works from a sub-folder of the repository', () => {
    repo.write('dist/dev/a.yaml', manifest([namespace('apps')]));
    repo.write('lib/x.ts', '');
    repo.commit('render');
    expect(loadRenderFromGit('HEAD', { cwd: join(repo.dir, 'lib'), dir: '../dist' }).get('dev')).toEqual([namespace('apps')]);
  });

  test('a ref without a render is an empty render; an unknown ref is an error', () => {
    repo.write('README.md', 'nothing rendered yet\n');
    repo.commit('start');
    expect(loadRenderFromGit('HEAD', { cwd: repo.dir }).size).toBe(0);
    expect(() => loadRenderFromGit('no-such-branch', { cwd: repo.dir })).toThrow(/no-such-branch is neither a folder nor a commit/);
  });

  test('the merge base with main is where the branch left it', () => {
    repo.write('dist/dev/a.yaml', manifest([namespace('apps')]));
    repo.commit('on main');
    const forkPoint = repo.git('rev-parse', 'HEAD').trim();
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('dist/dev/a.yaml', manifest([namespace('web')]));
    repo.commit('on feature');
    expect(mergeBase('main', repo.dir)).toBe(forkPoint);
  });
});
