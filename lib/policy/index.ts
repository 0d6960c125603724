// The guardrails' public API: what `npm run validate`, main.ts and the tests need.
export { checkManifests, checkManifestSet, RULES } from './check';
export { formatViolations } from './format';
export { loadManifestDir, loadManifestSets } from './load';
export { writeConstructMetadata } from './construct-metadata';
export type { CheckOptions, Rule, Severity, Violation } from './types';
