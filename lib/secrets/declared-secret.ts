
/** Characters a generated value is drawn from. */
export type SecretAlphabet = 'alphanumeric' | 'hex';

/** How a generated key is produced. */
export interface GeneratedKey {
  /** @default 32 */
  readonly length?: number;
  /** @default 'alphanumeric' */
  readonly alphabet?: SecretAlphabet;
}

export interface GeneratedSecretProps {
  /** Secret name, identical in every namespace. */
  readonly name: string;
  /** Namespaces that need it: one value, written to each of them. */
  readonly namespaces: readonly string[];
  /** Key names and how each value is generated. */
  readonly keys: Readonly<Record<string, GeneratedKey>>;
  /** What the secret is for (shown in the bootstrap spec). */
  readonly description: string;
}

export interface ExternalSecretProps {
  /** Secret name. */
  readonly name: string;
  /** Namespaces it must exist in. */
  readonly namespaces: readonly string[];
  /** Key names the workloads read. */
  readonly keys: readonly string[];
  /** What the secret is for and who provides it (README lists it with the `kubectl create secret` command). */
  readonly description: string;
}

export type SecretOrigin = 'bootstrap' | 'external';

const KEY_NAME = /^[-._a-zA-Z0-9]+$/;

/**
 * A Secret the stack needs but never renders: its name, namespaces and keys, and whether the
 * platform's bootstrap Job generates it or an operator supplies it. Workloads reference it by
 * name; no value ever reaches `dist/`.
 */
export class DeclaredSecret {
  /** A secret whose values the bootstrap Job generates once and never rotates. */
  public static generated(props: GeneratedSecretProps): DeclaredSecret {
    const keys = Object.entries(props.keys).map(([key, spec]) => ({
      key, length: spec.length ?? 32, alphabet: spec.alphabet ?? 'alphanumeric' as SecretAlphabet,
    }));
    return new DeclaredSecret(props.name, props.namespaces, 'bootstrap', keys, props.description);
  }

  /** A secret an operator creates (e.g. an OAuth client secret): the platform only references it. */
  public static external(props: ExternalSecretProps): DeclaredSecret {
    return new DeclaredSecret(props.name, props.namespaces, 'external', props.keys.map(key => ({ key })), props.description);
  }

  private constructor(
    public readonly name: string,
    public readonly namespaces: readonly string[],
    public readonly origin: SecretOrigin,
    public readonly keys: readonly { key: string; length?: number; alphabet?: SecretAlphabet }[],
    public readonly description: string,
  ) {
    if (namespaces.length === 0) throw new Error(`Declared secret "${name}" needs at least one namespace`);
    if (keys.length === 0) throw new Error(`Declared secret "${name}" needs at least one key`);
    for (const { key, length } of keys) {
      if (!KEY_NAME.test(key)) throw new Error(`Declared secret "${name}": key "${key}" must match ${KEY_NAME}`);
      if (length !== undefined && (!Number.isInteger(length) || length < 16 || length > 256)) {
        throw new Error(`Declared secret "${name}": key "${key}" length must be an integer from 16 to 256, got ${length}`);
      }
    }
  }

  /** The key names. */
  public get keyNames(): string[] {
    return this.keys.map(k => k.key);
  }

  /** The low-level `valueFrom` for `key`, for containers built with the `k8s` classes. */
  public keyRef(key: string): { secretKeyRef: { name: string; key: string } } {
    this.assertKey(key);
    return { secretKeyRef: { name: this.name, key } };
  }

  /** `kubectl create secret` command an operator runs for an external secret. */
  public createCommand(namespace: string): string {
    return `kubectl create secret generic ${this.name} -n ${namespace} ${this.keyNames.map(k => `--from-literal=${k}=...`).join(' ')}`;
  }

  private assertKey(key: string) {
    if (!this.keyNames.includes(key)) throw new Error(`Declared secret "${this.name}" has no key "${key}" (keys: ${this.keyNames.join(', ')})`);
  }
}
