// Entry point for cdk8s.yaml `validations:`. The CLI loads plugins with a plain require() and has no TypeScript
// loader, so this installs the repository's cached esbuild loader (the one `cdk8s.yaml` runs main.ts with) and
// loads the TypeScript plugin through it. Type checking is left to `tsc --noEmit`.
require('../synth/register');

module.exports = require('./cdk8s-plugin.ts');
