// Entry point for cdk8s.yaml `validations:`. The CLI loads plugins with a plain require() and has no TypeScript
// loader, so the plugin's TypeScript is compiled on load with @swc/core (the transpiler jest uses here):
// ~50 ms in the CLI process, against ~200 ms for registering tsx (Node 20). Type checking is left to `tsc --noEmit`.
const swc = require('@swc/core');

const OPTIONS = { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } };
require.extensions['.ts'] ??= (module, filename) => module._compile(swc.transformFileSync(filename, OPTIONS).code, filename);

module.exports = require('./cdk8s-plugin.ts');
