import * as path from 'path';
import type { Validation, ValidationContext, ValidationViolatingResource } from 'cdk8s-cli/lib/plugins/validation';
import { CheckResult, recordedResult } from './check-record';
import { constructMetadataKey } from './format';
import { Violation } from './types';
import { BOOTSTRAP_DIR } from '../synth/bootstrap-dir';

/**
 * cdk8s CLI validation plugin running the guardrails on `cdk8s synth` output. Each folder of manifests (one per
 * environment) is checked on its own. Resources are named with `constructMetadataKey`, so the CLI report shows
 * their construct path when main.ts wrote the metadata with `writeConstructMetadata`.
 */
export class PolicyValidation implements Validation {
  async validate(context: ValidationContext): Promise<void> {
    const byFolder = new Map<string, string[]>();
    for (const file of context.manifests) {
      // An environment's bootstrap sub-folder (Namespaces, ApplySet parent) is checked with the environment.
      const parent = path.dirname(file);
      const dir = path.basename(parent) === BOOTSTRAP_DIR ? path.dirname(parent) : parent;
      byFolder.set(dir, [...(byFolder.get(dir) ?? []), file]);
    }
    let objects = 0;
    const byRule = new Map<string, ValidationViolatingResource[]>();
    const first = new Map<string, Violation>();
    for (const [dir, files] of byFolder) {
      // Synth already checked these exact bytes in memory (hash-verified); anything else is parsed and checked here.
      const result = recordedResult(dir, files) ?? checkFiles(files);
      objects += result.objects;
      for (const v of result.violations) {
        const list = byRule.get(v.ruleId) ?? [];
        list.push({
          resourceName: constructMetadataKey(path.basename(dir), v),
          locations: [location(v)],
          manifestPath: v.source ?? dir,
        });
        byRule.set(v.ruleId, list);
        if (!first.has(v.ruleId)) first.set(v.ruleId, v);
      }
    }
    let count = 0;
    for (const [id, violatingResources] of byRule) {
      const { reason, hint } = first.get(id)!;
      count += violatingResources.length;
      context.report.addViolation({ ruleName: id, recommendation: reason, fix: hint, violatingResources });
    }
    context.report.submit(count > 0 ? 'failure' : 'success', { objects: String(objects), violations: String(count) });
  }
}

/** Parses and checks files synth did not check itself; loaded lazily, since a normal synth never needs it here. */
function checkFiles(files: readonly string[]): CheckResult {
  const { checkManifests } = require('./check') as typeof import('./check');
  const { loadManifestFiles } = require('./load') as typeof import('./load');
  const manifests = loadManifestFiles(files);
  return { objects: manifests.length, violations: checkManifests(manifests) };
}

/** The field path, plus what exactly is wrong there when the violation carries more than the rule's reason. */
function location(v: Violation): string {
  return v.detail ? `${v.path} (${v.detail})` : v.path;
}
