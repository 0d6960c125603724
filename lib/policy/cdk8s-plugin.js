// Entry point for cdk8s.yaml `validations:`. The CLI loads plugins with a plain require() and has no TypeScript
// loader, so this registers tsx for the plugin's own modules only (a namespaced, non-global registration).
const { register } = require('tsx/cjs/api');

module.exports = register({ namespace: 'platform-policy' }).require('./cdk8s-plugin.ts', __filename);
