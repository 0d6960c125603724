export { checkManifests, RULES } from './check';
export { constructMetadataKey, formatViolations, objectLabel } from './format';
export { loadManifestDir, loadManifestFiles, loadManifestSets } from './load';
export type { ManifestSet } from './load';
export { writeConstructMetadata } from './construct-metadata';
export type { Manifest, Violation, Rule } from './types';
