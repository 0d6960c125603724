'use strict';
// Jest transformer: strips TypeScript types with esbuild (type-checking is `tsc --noEmit`'s job).
// Chosen over @swc/jest because the registry this project installs from does not serve swc's
// per-platform binaries, which makes `npm ci` reject the lock file; esbuild's are served.
const esbuild = require('esbuild');

module.exports = {
  process(source, filename) {
    const { code, map } = esbuild.transformSync(source, {
      loader: 'ts', format: 'cjs', target: 'node20', sourcefile: filename, sourcemap: 'external', sourcesContent: false,
    });
    return { code, map };
  },
};
