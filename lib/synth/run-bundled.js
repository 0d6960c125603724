'use strict';
// `node lib/synth/run-bundled.js <entry.ts> [args…]`: runs a TypeScript entry point (cdk8s.yaml's `app`, and the
// npm scripts' commands) as one cached esbuild bundle of it and the packages it loads (all but the type checker
// and esbuild themselves), compiled with a V8 code cache.
//
// Why: loading main.ts file by file (lib/synth/register.js, still used where a tool loads our TypeScript itself:
// the cdk8s validation plugin, the benches) resolves, reads, hashes and compiles some 430 modules of ours, each
// with its inline source map, and Node resolves another 110 inside node_modules; the bundle and its code cache
// measured about 150 ms faster per synth (docs/performance.md).
// The bundle is reused while every input it was built from is unchanged, and rebuilt otherwise: our files by
// content hash (a checkout, an editor or a clock never fools it), packages by size and modification time (what
// `npm ci` rewrites). Types are stripped, not checked: that is tsc's job (`npm test`, `CI=true npm run synth`).
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
// PLATFORM_BUNDLE_CACHE: another cache folder (the runner's own tests use a temporary one).
const cacheDir = process.env.PLATFORM_BUNDLE_CACHE ?? path.join(root, 'node_modules', '.cache', 'ts-bundle');
const esbuildVersion = require('esbuild/package.json').version;

const sha1 = (data) => crypto.createHash('sha1').update(data).digest('hex');

const nodeModules = `${path.sep}node_modules${path.sep}`;

/** What identifies an input's content: its hash for our files; size and modification time for packages. */
function fingerprint(file) {
  if (!file.includes(nodeModules)) return sha1(fs.readFileSync(file));
  const { size, mtimeMs } = fs.statSync(file);
  return `${size}:${mtimeMs}`;
}

/** The cached bundle of `entry` when every input is unchanged, else undefined. */
function cachedBundle(bundleFile, inputsFile) {
  let inputs;
  try {
    inputs = JSON.parse(fs.readFileSync(inputsFile, 'utf8'));
  } catch {
    return undefined;
  }
  for (const [file, recorded] of Object.entries(inputs)) {
    let current;
    try {
      current = fingerprint(file);
    } catch {
      return undefined;
    }
    if (current !== recorded) return undefined;
  }
  return fs.existsSync(bundleFile) && fs.existsSync(`${bundleFile}.map`) ? bundleFile : undefined;
}

/**
 * esbuild gives every bundled module the bundle's `__dirname`; modules read files next to them
 * (`join(__dirname, 'es-setup.sh')`, and cdk8s' Yaml.load a script of its own), so each module that names
 * `__dirname` or `__filename` gets its own, declared on its first line to keep line numbers.
 */
const ownDirname = {
  name: 'own-dirname',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (!/__dirname|__filename/.test(source)) return undefined;
      const header = `const __dirname = ${JSON.stringify(path.dirname(args.path))}, __filename = ${JSON.stringify(args.path)}; `;
      return { contents: header + source, loader: /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js' };
    });
  },
};

async function build(entry, bundleFile, inputsFile) {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    // The type checker (CI=true synth) loads TypeScript's compiler; esbuild is this runner's own.
    external: ['typescript', 'esbuild'],
    format: 'cjs',
    target: 'node20',
    sourcemap: 'external',
    // Stack traces need the mappings only, not a copy of every source (the packages' included).
    sourcesContent: false,
    metafile: true,
    write: false,
    outfile: bundleFile,
    logLevel: 'silent',
    plugins: [ownDirname],
  });
  const inputs = {};
  for (const input of [...Object.keys(result.metafile.inputs), 'tsconfig.json']) {
    const file = path.resolve(root, input);
    inputs[file] = fingerprint(file);
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  // Temporary names, then rename: a concurrent run never reads half a bundle. The inputs file goes last, so
  // a bundle is only ever reused with the map and inputs it was built with.
  const publish = (file, text) => {
    fs.writeFileSync(`${file}.${process.pid}`, text);
    fs.renameSync(`${file}.${process.pid}`, file);
  };
  for (const output of result.outputFiles) publish(output.path, output.text);
  publish(inputsFile, JSON.stringify(inputs));
  return bundleFile;
}

/**
 * Stack traces point at the TypeScript lines. Node's own source map support (`setSourceMapsEnabled`) parses a
 * module's map as it compiles it, on every run; here the bundle's map is read only when a stack trace is
 * formatted, and only frames in the bundle are rewritten.
 */
function mapStackTraces(bundleFile) {
  let map;
  const original = (frame) => {
    map ??= new (require('module').SourceMap)(JSON.parse(fs.readFileSync(`${bundleFile}.map`, 'utf8')));
    const entry = map.findEntry(frame.getLineNumber() - 1, frame.getColumnNumber() - 1);
    if (!entry || entry.originalSource === undefined) return undefined;
    const source = entry.originalSource.startsWith('file://') ? require('url').fileURLToPath(entry.originalSource) : path.resolve(cacheDir, entry.originalSource);
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  };
  Error.prepareStackTrace = (error, frames) => {
    const lines = frames.map((frame) => {
      const text = frame.toString();
      if (frame.getFileName() !== bundleFile) return `    at ${text}`;
      const generated = `${bundleFile}:${frame.getLineNumber()}:${frame.getColumnNumber()}`;
      return `    at ${text.replace(generated, original(frame) ?? generated)}`;
    });
    return [Error.prototype.toString.call(error), ...lines].join('\n');
  };
}

async function main() {
  const entry = path.resolve(process.argv[2]);
  // This file is part of the key: a change to how bundles are built never reuses one built the old way.
  const entryKey = sha1(entry).slice(0, 16);
  const key = `${entryKey}-${sha1(`${esbuildVersion}\0${fs.readFileSync(__filename, 'utf8')}`).slice(0, 16)}`;
  const bundleFile = path.join(cacheDir, `${key}.js`);
  const inputsFile = path.join(cacheDir, `${key}.inputs.json`);
  let bundle = cachedBundle(bundleFile, inputsFile);
  if (!bundle) {
    bundle = await build(entry, bundleFile, inputsFile);
    // Bundles of this entry built by an earlier version of this file are never used again.
    for (const stale of fs.readdirSync(cacheDir).filter((f) => f.startsWith(`${entryKey}-`) && !f.startsWith(key))) {
      fs.rmSync(path.join(cacheDir, stale), { force: true });
    }
  }
  mapStackTraces(bundle);
  // The entry sees itself as the main module, with its arguments after its own name, as with `node entry.ts`.
  process.argv.splice(1, 2, entry);
  runWithCodeCache(bundle);
}

/**
 * Runs the bundle as the main module, compiled with V8's code cache from an earlier run. The cache is taken when
 * the process exits, so it holds the bytecode of every function that ran, not only the top level: synth runs
 * its code once, cold, and compiling it lazily was a large part of its time (about 40 ms measured). The cache
 * is named by the hash of the bundle's source, so it only ever meets the code it was made from (V8 itself only
 * checks the source's length); V8 rejects it after a Node upgrade or with other flags, and it is then rewritten.
 */
function runWithCodeCache(bundle) {
  const Module = require('module');
  const vm = require('vm');
  const source = fs.readFileSync(bundle, 'utf8');
  const cacheFile = `${bundle}.${sha1(source).slice(0, 16)}.v8cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    process.once('exit', () => {
      const stale = fs.readdirSync(cacheDir).filter((f) => f.startsWith(`${path.basename(bundle)}.`) && f.endsWith('.v8cache'));
      for (const file of stale) fs.rmSync(path.join(cacheDir, file), { force: true });
      fs.writeFileSync(`${cacheFile}.${process.pid}`, script.createCachedData());
      fs.renameSync(`${cacheFile}.${process.pid}`, cacheFile);
    });
  }
  // What Module.runMain would set up for the bundle, with a require() of its own, as Node gives every module.
  const main = new Module(bundle, null);
  main.id = '.';
  main.filename = bundle;
  main.paths = Module._nodeModulePaths(path.dirname(bundle));
  process.mainModule = main;
  Module._cache[bundle] = main;
  const requireFromBundle = (id) => main.require(id);
  requireFromBundle.main = main;
  requireFromBundle.resolve = (request, options) => Module._resolveFilename(request, main, false, options);
  requireFromBundle.cache = Module._cache;
  requireFromBundle.extensions = Module._extensions;
  script.runInThisContext({ displayErrors: true })(main.exports, requireFromBundle, main, bundle, path.dirname(bundle));
  main.loaded = true;
}

main().catch((error) => {
  // A file esbuild cannot parse: its message names the file, line and column; the stack is esbuild's own.
  console.error(Array.isArray(error?.errors) ? error.message : error);
  process.exit(1);
});
