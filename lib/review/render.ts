import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { isManifestFile, manifestFiles } from '../policy/load';
import { BOOTSTRAP_DIR } from '../synth/bootstrap-dir';
import { compareStrings } from '../core/compare';
import { KubeObject } from '../core/kube-object';
import { objectKey, parseManifests } from './kube-object';

/** The rendered objects of every environment: environment name → objects (file order). */
export type Render = ReadonlyMap<string, readonly KubeObject[]>;

/** One manifest file of an environment folder. */
interface ManifestFile {
  readonly path: string;
  readonly text: string;
}

/** Parses the manifest files of one environment and rejects two objects with the same identity. */
function parseEnvironment(files: readonly ManifestFile[]): KubeObject[] {
  const seen = new Map<string, string>();
  const objects: KubeObject[] = [];
  for (const file of [...files].sort((a, b) => compareStrings(a.path, b.path))) {
    for (const obj of parseManifests(file.text, file.path)) {
      const key = objectKey(obj);
      const first = seen.get(key);
      if (first !== undefined) throw new Error(`${file.path}: ${key} is also defined in ${first}`);
      seen.set(key, file.path);
      objects.push(obj);
    }
  }
  return objects;
}

/**
 * Loads the rendered manifests of one environment folder (`dist/<env>/`): the files `kubectl apply -f` applies
 * (`*.yaml`, `*.yml`, `*.json`) in the folder and in its bootstrap sub-folder (see docs/apply.md); no other
 * sub-folder. Everything else (e.g. TRAFFIC.md) is not a manifest.
 */
export function loadEnvironmentFolder(dir: string): KubeObject[] {
  const bootstrap = join(dir, BOOTSTRAP_DIR);
  const paths = [...manifestFiles(dir, { recursive: false }), ...(existsSync(bootstrap) ? manifestFiles(bootstrap, { recursive: false }) : [])];
  return parseEnvironment(paths.map((path) => ({ path, text: readFileSync(path, 'utf8') })));
}

/** Loads a render folder (e.g. `dist/`): each sub-folder is an environment. A missing folder is an empty render. */
export function loadRenderFolder(dir: string): Render {
  const render = new Map<string, KubeObject[]>();
  if (!existsSync(dir)) return render;
  for (const env of readdirSync(dir).sort(compareStrings)) {
    if (statSync(join(dir, env)).isDirectory()) render.set(env, loadEnvironmentFolder(join(dir, env)));
  }
  return render;
}

/** Where and how to read a render out of git. */
export interface GitRenderOptions {
  /** Working directory for git (any folder inside the repository). Default: the process working directory. */
  readonly cwd?: string;
  /** Render folder relative to `cwd`. Default: `dist`. */
  readonly dir?: string;
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Loads the render committed at a git ref, through `git ls-tree`/`git show` only: the working tree
 * and index are never touched. A ref without the render folder is an empty render.
 */
export function loadRenderFromGit(ref: string, options: GitRenderOptions = {}): Render {
  const cwd = options.cwd ?? process.cwd();
  const dir = posix.normalize(options.dir ?? 'dist').replace(/\/$/, '');
  if (!isCommit(ref, cwd)) throw new Error(`${ref} is neither a folder nor a commit of the git repository at ${cwd}`);
  // Paths stay relative to cwd (ls-tree's default), which is what `<ref>:./<path>` expects.
  const paths = git(cwd, ['ls-tree', '-r', '--name-only', '-z', ref, '--', `${dir}/`]).split('\0').filter(Boolean);
  const byEnv = new Map<string, ManifestFile[]>();
  for (const path of paths) {
    const parts = posix.relative(dir, path).split('/');
    const inEnvironment = parts.length === 2 || (parts.length === 3 && parts[1] === BOOTSTRAP_DIR);
    if (!inEnvironment || !isManifestFile(parts[parts.length - 1])) continue;
    const files = byEnv.get(parts[0]) ?? [];
    files.push({ path: `${ref}:${path}`, text: git(cwd, ['show', `${ref}:./${path}`]) });
    byEnv.set(parts[0], files);
  }
  return new Map([...byEnv.keys()].sort(compareStrings).map((env) => [env, parseEnvironment(byEnv.get(env)!)]));
}

/** The merge base of HEAD with `branch`: the default base of a review. */
export function mergeBase(branch: string, cwd: string = process.cwd()): string {
  return git(cwd, ['merge-base', 'HEAD', branch]).trim();
}

function isCommit(ref: string, cwd: string): boolean {
  try {
    git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/** The default base of a review: a commit and how it was found. */
export interface DefaultBase {
  readonly commit: string;
  /** The branch it was forked from, e.g. `origin/main`. */
  readonly branch: string;
}

/**
 * The merge base of HEAD with the first of `main`, `origin/main` and the current branch's upstream that exists:
 * CI checkouts and fresh clones often have no local `main`.
 */
export function defaultBase(cwd: string = process.cwd(), main = 'main'): DefaultBase {
  const candidates = [main, `origin/${main}`, '@{upstream}'];
  const branch = candidates.find((ref) => isCommit(ref, cwd));
  if (branch === undefined) {
    throw new Error(`no base given, and none of ${candidates.join(', ')} exists in the git repository at ${cwd}: pass a git ref or a folder as base (e.g. \`npm run diff -- origin/${main}\`)`);
  }
  try {
    return { commit: mergeBase(branch, cwd), branch };
  } catch {
    throw new Error(`HEAD and ${branch} have no common commit: pass a git ref or a folder as base`);
  }
}
