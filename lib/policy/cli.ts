/**
 * `npm run validate [path]`: runs the guardrails on a folder or file of manifests (default `dist`) and exits
 * non-zero when anything is violated. `dist` is checked one environment folder at a time (see loadManifestSets).
 */
import { checkManifests } from './check';
import { formatViolations } from './format';
import { loadManifestSets } from './load';

function main(target: string): number {
  const sets = loadManifestSets(target);
  if (sets.length === 0) {
    console.error(`No Kubernetes manifests found in ${target}`);
    return 2;
  }
  let failed = false;
  for (const set of sets) {
    const violations = checkManifests(set.manifests);
    failed ||= violations.length > 0;
    console.log(`== ${set.name}: ${set.manifests.length} objects`);
    console.log(formatViolations(violations));
    console.log('');
  }
  return failed ? 1 : 0;
}

try {
  process.exitCode = main(process.argv[2] ?? 'dist');
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 2;
}
