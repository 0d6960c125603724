'use strict';
// Loads TypeScript files by stripping types with esbuild, caching the output by content hash.
// Synth runs often and type-checking is tsc's job (npm test), so a warm run only hashes and
// reads cached JavaScript: measured faster than tsx and ts-node, whose hooks also parse every
// node_modules file and its inline source map (see README, Performance).
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

// Stack traces of a chart that throws point at the TypeScript lines (esbuild writes inline maps). Only
// our own files: Node would otherwise parse every dependency's inline map at start-up, and
// cdk8s-plus-27's alone is megabytes (measured: synth 0.95x tsx's time with it, faster without).
process.setSourceMapsEnabled(true);
const loadJavaScript = require.extensions['.js'];
const nodeModules = `${path.sep}node_modules${path.sep}`;
require.extensions['.js'] = function loadDependency(module, filename) {
  if (!filename.includes(nodeModules)) return loadJavaScript(module, filename);
  process.setSourceMapsEnabled(false);
  try {
    return loadJavaScript(module, filename);
  } finally {
    process.setSourceMapsEnabled(true);
  }
};

const cacheDir = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'ts-register');
const esbuildVersion = require('esbuild/package.json').version;
let esbuild; // loaded on the first cache miss only: starting its service costs ~100 ms

function compile(source, filename) {
  // The file name is part of the key: the inline source map names the file stack traces point at.
  const key = crypto.createHash('sha1').update(esbuildVersion).update('\0').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    esbuild ??= require('esbuild');
    const { code } = esbuild.transformSync(source, {
      loader: 'ts', format: 'cjs', target: 'node20', sourcefile: filename, sourcemap: 'inline',
    });
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(cached, code);
    return code;
  }
}

require.extensions['.ts'] = function loadTypeScript(module, filename) {
  module._compile(compile(fs.readFileSync(filename, 'utf8'), filename), filename);
};
