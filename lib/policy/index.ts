export { checkManifests, RULES } from './check';
export { constructMetadataKey, formatViolations, objectLabel } from './format';
export { loadManifestDir, loadManifestFiles, loadManifestSets } from './load';
export type { ManifestSet } from './load';
export { writeConstructMetadata } from './construct-metadata';
export { PROBE_EXEMPTION_PREFIX, DECLARED_SECRETS_LABEL, DECLARED_SECRETS_KEY } from '../core/platform-keys';
export type { Manifest, Violation, Rule } from './types';
