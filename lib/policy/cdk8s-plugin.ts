import * as path from 'path';
import type { Validation, ValidationContext, ValidationViolatingResource } from 'cdk8s-cli/lib/plugins/validation';
import { checkManifests, DETAIL_SEPARATOR, RULES } from './check';
import { CheckResult, recordedResult } from './check-record';
import { constructMetadataKey } from './format';
import { loadManifestFiles } from './load';
import { Rule, Violation } from './types';

/**
 * cdk8s CLI validation plugin running the guardrails on `cdk8s synth` output. Each folder of manifests (one per
 * environment) is checked on its own. Resources are named with `constructMetadataKey`, so the CLI report shows
 * their construct path when main.ts wrote the metadata with `writeConstructMetadata`.
 */
export class PolicyValidation implements Validation {
  async validate(context: ValidationContext): Promise<void> {
    const byFolder = new Map<string, string[]>();
    for (const file of context.manifests) {
      const dir = path.dirname(file);
      byFolder.set(dir, [...(byFolder.get(dir) ?? []), file]);
    }
    const rules = new Map<string, Rule>(RULES.map(r => [r.id, r]));
    let objects = 0;
    const byRule = new Map<string, ValidationViolatingResource[]>();
    for (const [dir, files] of byFolder) {
      // Synth already checked these exact bytes in memory (hash-verified); anything else is parsed and checked here.
      const result = recordedResult(dir, files) ?? checkFiles(files);
      objects += result.objects;
      for (const v of result.violations) {
        const list = byRule.get(v.ruleId) ?? [];
        list.push({
          resourceName: constructMetadataKey(path.basename(dir), v),
          locations: [location(v, rules.get(v.ruleId)!)],
          manifestPath: v.source ?? dir,
        });
        byRule.set(v.ruleId, list);
      }
    }
    let count = 0;
    for (const [id, violatingResources] of byRule) {
      const rule = rules.get(id)!;
      count += violatingResources.length;
      context.report.addViolation({ ruleName: id, recommendation: rule.reason, fix: rule.hint, violatingResources });
    }
    context.report.submit(count > 0 ? 'failure' : 'success', { objects: String(objects), violations: String(count) });
  }
}

function checkFiles(files: readonly string[]): CheckResult {
  const manifests = loadManifestFiles(files);
  return { objects: manifests.length, violations: checkManifests(manifests) };
}

/** The field path, plus what exactly is wrong there when the violation carries more than the rule's reason. */
function location(v: Violation, rule: Rule): string {
  const detail = v.reason.slice(rule.reason.length + DETAIL_SEPARATOR.length);
  return detail ? `${v.path} (${detail})` : v.path;
}
