import * as fs from 'fs';
import * as path from 'path';

/**
 * The layering the code promises, checked on its imports (type-only imports count: a construct that
 * takes a config type is coupled to the config's shape):
 * - no import cycles;
 * - `lib/config` is a leaf: nothing it loads, however indirectly, is a construct or cdk8s;
 * - `lib/core` never imports `lib/config`;
 * - constructs (modules that import `constructs` or `cdk8s`) never import `lib/config`: charts
 *   translate config into props.
 */
const root = path.join(__dirname, '..');
const sources = ['main.ts', ...['lib', 'charts'].flatMap(dir => walk(path.join(root, dir)))].map(f => path.relative(root, path.resolve(root, f)));

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
}

/** Module specifiers of every import, export-from and require of a file. */
function specifiers(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|require\('([^']+)'\)/g)].map(m => m[1] ?? m[2]);
}

/** Project files a file imports, and the packages it imports. */
const graph = new Map<string, { files: string[]; packages: string[] }>();
for (const file of sources) {
  const deps = specifiers(file);
  const files = deps.filter(d => d.startsWith('.')).map(d => {
    const base = path.relative(root, path.resolve(root, path.dirname(file), d));
    return [`${base}.ts`, path.join(base, 'index.ts'), base].find(c => graph.has(c) || sources.includes(c)) ?? `${base}.ts`;
  }).filter(f => sources.includes(f));
  // The package of `cdk8s-plus-27/lib/imports/k8s` is `cdk8s-plus-27` (and of `@scope/name/x`, `@scope/name`).
  const packageOf = (d: string) => d.split('/').slice(0, d.startsWith('@') ? 2 : 1).join('/');
  graph.set(file, { files, packages: deps.filter(d => !d.startsWith('.')).map(packageOf) });
}

function reachable(from: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...graph.get(from)!.files];
  while (stack.length) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...graph.get(next)!.files);
  }
  return seen;
}

/** Wiring, like charts and main.ts: these turn config into props or render whole environments. */
const WIRING = ['lib/synth', 'lib/preflight'];

const CONSTRUCT_PACKAGES = ['constructs', 'cdk8s', 'cdk8s-plus-27'];
const isConstructModule = (file: string) => graph.get(file)!.packages.some(p => CONSTRUCT_PACKAGES.includes(p));
const inDir = (dir: string) => (file: string) => file.startsWith(`${dir}/`);

describe('architecture', () => {
  test('the import graph was read', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get('main.ts')!.files).toContain('charts/stack.ts');
  });

  test('no import cycles', () => {
    const cycles = sources.filter(file => reachable(file).has(file));
    expect(cycles).toEqual([]);
  });

  test('lib/config loads no construct and no cdk8s, however indirectly', () => {
    const loadsConstructs = (file: string) => isConstructModule(file) || [...reachable(file)].some(isConstructModule);
    const offenders = sources.filter(inDir('lib/config')).flatMap(file =>
      graph.get(file)!.files.filter(dep => !inDir('lib/config')(dep) && loadsConstructs(dep)).map(dep => `${file} -> ${dep}`));
    expect(offenders).toEqual([]);
  });

  test('lib/core never imports lib/config', () => {
    expect(sources.filter(inDir('lib/core')).filter(file => graph.get(file)!.files.some(inDir('lib/config')))).toEqual([]);
  });

  test('constructs take props, not config: no module using constructs or cdk8s imports lib/config', () => {
    const offenders = sources.filter(f => inDir('lib')(f) && !WIRING.some(dir => inDir(dir)(f)) && isConstructModule(f))
      .flatMap(file => graph.get(file)!.files.filter(inDir('lib/config')).map(config => `${file} -> ${config}`));
    expect(offenders).toEqual([]);
  });
});
