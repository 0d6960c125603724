/**
 * `npm run validate [path] [--allowed-registry <host[/path]>]...`: runs the guardrails on a folder or file of
 * manifests (default `dist`) and exits non-zero when anything is violated. `dist` is checked one environment
 * folder at a time (see loadManifestSets). With `--allowed-registry`, IMG-REGISTRY fails images from anywhere else.
 */
import { checkManifests } from './check';
import { formatViolations } from './format';
import { loadManifestSets } from './load';
import { CheckOptions } from './types';

function parseArgs(args: readonly string[]): { target: string; options: CheckOptions } {
  const targets: string[] = [];
  const allowed: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--allowed-registry') {
      const value = args[++i];
      if (!value) throw new Error('--allowed-registry needs a value: a registry host such as registry.example.com, optionally with a path');
      allowed.push(value);
    } else if (args[i].startsWith('--allowed-registry=')) {
      allowed.push(args[i].slice('--allowed-registry='.length));
    } else {
      targets.push(args[i]);
    }
  }
  if (targets.length > 1) throw new Error(`expected one path, got ${targets.join(' ')}`);
  return { target: targets[0] ?? 'dist', options: allowed.length > 0 ? { allowedRegistries: allowed } : {} };
}

function main(args: readonly string[]): number {
  const { target, options } = parseArgs(args);
  const sets = loadManifestSets(target);
  if (sets.length === 0) {
    console.error(`No Kubernetes manifests found in ${target}`);
    return 2;
  }
  let failed = false;
  for (const set of sets) {
    const violations = checkManifests(set.manifests, options);
    failed ||= violations.length > 0;
    console.log(`== ${set.name}: ${set.manifests.length} objects`);
    console.log(formatViolations(violations));
    console.log('');
  }
  return failed ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 2;
}
