import { allContainers } from '../inventory';
import { item } from '../paths';
import { rule, RuleFamily } from './rule';

export const SECRET_RULES = {
  secretData: rule('SEC-SECRET-DATA',
    'Secret carries data in the rendered output, so secret material ends up in git and in every copy of the manifests',
    'Do not render the Secret: create it at deploy time (bootstrap Job or external store) and list it in the declared-secrets ConfigMap.'),
  literalEnv: rule('SEC-ENV-LITERAL',
    'Environment variable named like a credential has a literal value in the manifest',
    'Read it from a Secret with env[].valueFrom.secretKeyRef (or mount the Secret as a file).'),
};

/** Words that mark a variable as a credential, matched against the name's `_`, `-`, `.` and camelCase parts. */
const SENSITIVE = /^(password|passwd|pwd|pass|passphrase|token|secret|key|apikey|credential|credentials)$/;
/** Last name parts that make a sensitive-looking name refer to something that is not secret itself. */
const BENIGN_SUFFIX = new Set(['file', 'path', 'dir', 'name', 'ref', 'url', 'uri', 'endpoint', 'header', 'length',
  'ttl', 'timeout', 'type', 'mode', 'enabled', 'disabled', 'size', 'algorithm', 'id', 'prefix']);

/** Whether an environment variable name looks like it holds a credential (e.g. DB_PASSWORD, apiToken, ACCESS_KEY). */
export function looksSensitive(name: string): boolean {
  const parts = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[_\-.]+/).filter(Boolean);
  if (parts.length === 0 || BENIGN_SUFFIX.has(parts[parts.length - 1])) return false;
  return parts.some(p => SENSITIVE.test(p));
}

/** No Secret with data/stringData is rendered, and no credential-like env var has a literal value. */
export const secrets: RuleFamily = {
  rules: Object.values(SECRET_RULES),
  check(inv, report) {
    for (const s of inv.ofKind('Secret')) {
      for (const f of ['data', 'stringData']) {
        if (Object.keys(s.body[f] ?? {}).length > 0) report(SECRET_RULES.secretData, s, f, `${f} has ${Object.keys(s.body[f]).join(', ')}`);
      }
    }
    for (const [t, { container: c, path }] of allContainers(inv)) {
      (c.env ?? []).forEach((e: any, i: number) => {
        // A switch about secrets (CASC_STRICT_SECRET_RESOLUTION=true) is not one: no credential is a boolean.
        if (typeof e?.name === 'string' && looksSensitive(e.name) && e.value !== undefined && e.value !== '' && !/^(true|false)$/i.test(String(e.value))) {
          report(SECRET_RULES.literalEnv, t.owner, `${item(`${path}.env`, i)}.value`, `container "${c.name}" env ${e.name}`);
        }
      });
    }
  },
};
