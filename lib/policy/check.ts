import { Inventory } from './inventory';
import { apiVersions } from './rules/api-versions';
import { availability } from './rules/availability';
import { identity } from './rules/identity';
import { images } from './rules/images';
import { jcasc } from './rules/jcasc';
import { labels } from './rules/labels';
import { podSecurity } from './rules/pod-security';
import { references } from './rules/references';
import { registry } from './rules/registry';
import { resources } from './rules/resources';
import { RuleFamily } from './rules/rule';
import { schema } from './rules/schema';
import { secrets } from './rules/secrets';
import { CheckOptions, Manifest, Report, Rule, Violation } from './types';

export type { CheckOptions } from './types';

const FAMILIES: readonly RuleFamily[] = [
  podSecurity, resources, images, references, secrets, availability, jcasc,
  identity, apiVersions, schema, labels, registry,
];

/** Every rule the guardrails enforce, in report order. */
export const RULES: readonly Rule[] = FAMILIES.flatMap(f => f.rules);

/** What checking one output found. */
export interface CheckOutcome {
  readonly violations: Violation[];
  /** Namespaces whose pods were checked against `CheckOptions.assumeLevel` because the input does not declare them. */
  readonly assumedLevelNamespaces: string[];
}

/**
 * Checks one output (e.g. one environment folder) as a whole: references resolve only within `manifests`.
 * Documents that are not Kubernetes objects (no apiVersion/kind) are ignored, unless they look like a broken one
 * (OBJ-UNCLASSIFIED). Linear in the number of objects:
 * the inventory is indexed once and every rule family walks it once. Which violations are found does not depend
 * on the order of `manifests` (every index is complete before any rule runs); only the report order does.
 */
export function checkManifestSet(manifests: readonly Manifest[], options: CheckOptions = {}): CheckOutcome {
  const inv = new Inventory(manifests, options);
  const violations: Violation[] = [];
  const report: Report = (rule, object, path, detail, severity = 'error') => {
    violations.push({
      ruleId: rule.id,
      reason: rule.reason,
      detail,
      kind: object.kind,
      namespace: object.namespace,
      name: object.name,
      path,
      hint: rule.hint,
      source: object.manifest.source,
      severity,
    });
  };
  for (const family of FAMILIES) family.check(inv, report, options);
  return { violations, assumedLevelNamespaces: inv.undeclaredTemplateNamespaces() };
}

/** The violations of checkManifestSet. */
export function checkManifests(manifests: readonly Manifest[], options: CheckOptions = {}): Violation[] {
  return checkManifestSet(manifests, options).violations;
}
