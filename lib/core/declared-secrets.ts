import { KubeObject } from './kube-object';
import { DECLARED_SECRETS_KEY, DECLARED_SECRETS_LABEL } from './platform-keys';

/**
 * The declared-secrets list, the one model of "a Secret the stack needs but never renders": the secret
 * bootstrap writes it into a ConfigMap labelled DECLARED_SECRETS_LABEL, and the guardrails, the review tools
 * and the tests read it from there. Dependency-free.
 */

/** Who makes the Secret: the bootstrap Job (generated values) or an operator. */
export type SecretOrigin = 'bootstrap' | 'external';

/** One declared Secret, identical in each of its namespaces. */
export interface DeclaredSecretEntry {
  readonly name: string;
  readonly namespaces: readonly string[];
  readonly origin: SecretOrigin;
  /** The key names (never values). */
  readonly keys: readonly string[];
  /** What it is for, and for an external one who provides it. */
  readonly description: string;
}

/** The data of the ConfigMap listing `secrets`. */
export function declaredSecretsData(secrets: readonly DeclaredSecretEntry[]): Record<string, string> {
  const list = secrets.map(({ name, namespaces, origin, keys, description }) => ({ name, namespaces, origin, keys, description }));
  return { [DECLARED_SECRETS_KEY]: JSON.stringify({ secrets: list }, undefined, 2) };
}

/** Whether an object is a ConfigMap listing declared secrets. */
export function isDeclaredSecretsList(object: KubeObject): boolean {
  return object.kind === 'ConfigMap' && object.metadata.labels?.[DECLARED_SECRETS_LABEL] === 'true';
}

/** What one list holds: the well-formed entries, and what is wrong with the rest. */
export interface DeclaredSecretsReading {
  readonly secrets: DeclaredSecretEntry[];
  readonly problems: string[];
}

/** Reads the list of one ConfigMap; a malformed entry is a problem, never a guess. */
export function readDeclaredSecrets(configMap: KubeObject): DeclaredSecretsReading {
  const text = configMap.data?.[DECLARED_SECRETS_KEY];
  if (typeof text !== 'string') return { secrets: [], problems: [`missing data["${DECLARED_SECRETS_KEY}"]`] };
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { secrets: [], problems: [`not JSON: ${(e as Error).message}`] };
  }
  if (!Array.isArray(parsed?.secrets)) return { secrets: [], problems: ['expected {"secrets": [...]}'] };
  const reading: DeclaredSecretsReading = { secrets: [], problems: [] };
  parsed.secrets.forEach((s: any, i: number) => {
    if (typeof s?.name !== 'string' || !Array.isArray(s.namespaces) || !Array.isArray(s.keys)) {
      reading.problems.push(`secrets[${i}] needs name, namespaces[] and keys[]`);
    } else {
      reading.secrets.push({ name: s.name, namespaces: s.namespaces, origin: s.origin, keys: s.keys, description: String(s.description ?? '') });
    }
  });
  return reading;
}

/** Every declared secret listed by the objects of a render. */
export function declaredSecretsIn(objects: readonly KubeObject[]): DeclaredSecretEntry[] {
  return objects.filter(isDeclaredSecretsList).flatMap(o => readDeclaredSecrets(o).secrets);
}
