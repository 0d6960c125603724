import { apiGroup } from '../kube-schema';
import { CheckedObject } from '../types';
import { rule, RuleFamily } from './rule';

export const IDENTITY_RULES = {
  unclassified: rule('OBJ-UNCLASSIFIED',
    'Document looks like a Kubernetes object but has no string kind or apiVersion, so no other rule could check it and kubectl rejects it',
    'Write both keys in lower camel case, `apiVersion:` and `kind:`, each with a string value.'),
  duplicate: rule('OBJ-DUPLICATE',
    'Object is defined twice (same API group, kind, namespace and name): the later one silently overwrites the first when applied',
    'Rename or remove one of the two, or merge them into one object.'),
};

/**
 * Every document that was meant to be a Kubernetes object is one, and no object is defined twice in the input
 * (across files too). apiVersion versions of one group (e.g. autoscaling/v1 and v2) store the same object, so only
 * the group counts.
 */
export const identity: RuleFamily = {
  rules: Object.values(IDENTITY_RULES),
  check(inv, report) {
    for (const obj of inv.unclassified) {
      const keys = Object.keys(obj.body);
      const miscased = keys.filter(k => /^(kind|apiversion)$/i.test(k) && k !== 'kind' && k !== 'apiVersion');
      const detail = miscased.length > 0
        ? `has ${miscased.map(k => `"${k}"`).join(' and ')}; keys are case-sensitive`
        : `kind ${JSON.stringify(obj.body.kind)}, apiVersion ${JSON.stringify(obj.body.apiVersion)}`;
      report(IDENTITY_RULES.unclassified, obj, miscased[0] ?? (typeof obj.body.kind === 'string' ? 'apiVersion' : 'kind'), detail);
    }
    const first = new Map<string, CheckedObject>();
    for (const obj of inv.objects) {
      const key = `${apiGroup(obj.body.apiVersion)}\0${obj.kind}\0${obj.namespace ?? ''}\0${obj.name}`;
      const earlier = first.get(key);
      if (!earlier) { first.set(key, obj); continue; }
      report(IDENTITY_RULES.duplicate, obj, 'metadata.name', `also defined ${where(earlier)}`);
    }
  },
};

function where(obj: CheckedObject): string {
  const { source, index } = obj.manifest;
  if (!source) return 'earlier in the input';
  return `in ${source}${index === undefined ? '' : ` (document ${index})`}`;
}
