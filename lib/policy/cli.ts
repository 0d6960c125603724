/**
 * `npm run validate [path] [--assume-level <level>] [--strict] [--external-secret <namespace>/<name>]...
 * [--allowed-registry <host[/path]>]...`: runs the
 * guardrails on a folder or file of manifests (default `dist`). Exit 0 clean (warnings allowed), 1 violations,
 * 2 nothing readable or bad arguments. With `--allowed-registry`, IMG-REGISTRY fails images from anywhere else. `dist` is checked one environment folder at a time (see loadManifestSets).
 */
import { parseArgs } from 'util';
import { isPodSecurityLevel, POD_SECURITY_LEVELS } from '../core/pod-security';
import { checkManifestSet } from './check';
import { formatViolations } from './format';
import { loadManifestSets } from './load';
import { CheckOptions } from './types';

const USAGE = 'usage: npm run validate -- [path] [--assume-level restricted|baseline|privileged] [--strict] [--external-secret <namespace>/<name>]... [--allowed-registry <host[/path]>]...';

/** Reads the command line into the target and the check options; throws a message naming the bad argument. */
export function parseCommandLine(args: readonly string[]): { target: string; options: CheckOptions } {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      'assume-level': { type: 'string' },
      'strict': { type: 'boolean', default: false },
      'external-secret': { type: 'string', multiple: true, default: [] },
      'allowed-registry': { type: 'string', multiple: true, default: [] },
    },
  });
  if (positionals.length > 1) throw new Error(`one path at most, got ${positionals.join(' ')}`);
  const level = values['assume-level'] ?? 'restricted';
  if (!isPodSecurityLevel(level)) throw new Error(`--assume-level "${level}": expected ${POD_SECURITY_LEVELS.join(', ')}`);
  const externalSecrets = values['external-secret'] ?? [];
  for (const ref of externalSecrets) {
    if (!/^[^/\s]+\/[^/\s]+$/.test(ref)) throw new Error(`--external-secret "${ref}": expected <namespace>/<name>, e.g. default/db-credentials`);
  }
  const allowed = values['allowed-registry'] ?? [];
  return { target: positionals[0] ?? 'dist', options: { assumeLevel: level, strict: values.strict, externalSecrets, ...(allowed.length ? { allowedRegistries: allowed } : {}) } };
}

function main(args: readonly string[]): number {
  let commandLine: ReturnType<typeof parseCommandLine>;
  try {
    commandLine = parseCommandLine(args);
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { target, options } = commandLine;
  const sets = loadManifestSets(target);
  if (sets.length === 0) {
    console.error(`Nothing readable in ${target}: no Kubernetes object (a YAML or JSON document with apiVersion and kind) in a .yaml, .yml or .json file.`);
    return 2;
  }
  let failed = false;
  for (const set of sets) {
    const { violations, assumedLevelNamespaces } = checkManifestSet(set.manifests, options);
    failed ||= violations.some(v => v.severity === 'error');
    console.log(`== ${set.name}: ${set.manifests.length} objects`);
    if (assumedLevelNamespaces.length > 0) {
      console.log(`Pod Security level unknown for namespace ${assumedLevelNamespaces.join(', ')} (no Namespace object in the input): `
        + `checked against the assumed level "${options.assumeLevel}" (--assume-level to change), `
        + (options.strict ? 'findings are errors (--strict).' : 'findings are warnings (--strict makes them fail).'));
    }
    console.log(formatViolations(violations));
    console.log('');
  }
  return failed ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exitCode = 2;
  }
}
