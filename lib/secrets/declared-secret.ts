import { DeclaredSecretEntry, SecretOrigin } from '../core/declared-secrets';


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
  /** Kubernetes Secret type, which decides the `kubectl create secret` command; `tls` needs exactly the keys `tls.crt` and `tls.key`. @default 'generic' */
  readonly type?: ExternalSecretType;
}

/**
 * `generic` (Opaque, any keys), `tls` (`kubernetes.io/tls`: a certificate and its key) or `docker-registry`
 * (`kubernetes.io/dockerconfigjson`: registry credentials, for `imagePullSecrets`).
 */
export type ExternalSecretType = 'generic' | 'tls' | 'docker-registry';

/** The keys of a `tls` Secret, as `kubectl create secret tls` writes them. */
export const TLS_SECRET_KEYS = ['tls.crt', 'tls.key'] as const;

/** The one key of a `docker-registry` Secret, as `kubectl create secret docker-registry` writes it. */
export const DOCKER_REGISTRY_SECRET_KEY = '.dockerconfigjson';

/** What the `kubectl create secret` command of a secret depends on. */
export interface SecretCommandInput {
  readonly name: string;
  readonly type: ExternalSecretType;
  readonly keys: readonly string[];
}

/**
 * The `kubectl create secret` command that creates a secret in one namespace, with `...` for the
 * values. For text written before the secret exists (e.g. its own description); otherwise use
 * `DeclaredSecret.createCommand`.
 */
export function kubectlCreateSecret(secret: SecretCommandInput, namespace: string): string {
  const values = secret.type === 'tls' ? '--cert=... --key=...'
    : secret.type === 'docker-registry' ? '--docker-server=... --docker-username=... --docker-password=...'
      : secret.keys.map(k => `--from-literal=${k}=...`).join(' ');
  return `kubectl create secret ${secret.type} ${secret.name} -n ${namespace} ${values}`;
}


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
    return new DeclaredSecret(props.name, props.namespaces, 'bootstrap', keys, props.description, 'generic');
  }

  /** A secret an operator creates (e.g. an OAuth client secret): the platform only references it. */
  public static external(props: ExternalSecretProps): DeclaredSecret {
    return new DeclaredSecret(props.name, props.namespaces, 'external', props.keys.map(key => ({ key })), props.description, props.type ?? 'generic');
  }

  private constructor(
    public readonly name: string,
    public readonly namespaces: readonly string[],
    public readonly origin: SecretOrigin,
    public readonly keys: readonly { key: string; length?: number; alphabet?: SecretAlphabet }[],
    public readonly description: string,
    public readonly type: ExternalSecretType,
  ) {
    if (namespaces.length === 0) throw new Error(`Declared secret "${name}" needs at least one namespace`);
    if (keys.length === 0) throw new Error(`Declared secret "${name}" needs at least one key`);
    if (type === 'tls' && [...this.keyNames].sort().join() !== TLS_SECRET_KEYS.join()) {
      throw new Error(`Declared secret "${name}": a tls secret has exactly the keys ${TLS_SECRET_KEYS.join(', ')}, got ${this.keyNames.join(', ')}`);
    }
    if (type === 'docker-registry' && this.keyNames.join() !== DOCKER_REGISTRY_SECRET_KEY) {
      throw new Error(`Declared secret "${name}": a docker-registry secret has exactly the key ${DOCKER_REGISTRY_SECRET_KEY}, got ${this.keyNames.join(', ')}`);
    }
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

  /** The secret as the declared-secrets list states it: names, never values. */
  public get entry(): DeclaredSecretEntry {
    return { name: this.name, namespaces: this.namespaces, origin: this.origin, keys: this.keyNames, description: this.description };
  }

  /** The low-level `valueFrom` for `key`, for containers built with the `k8s` classes. */
  public keyRef(key: string): { secretKeyRef: { name: string; key: string } } {
    this.assertKey(key);
    return { secretKeyRef: { name: this.name, key } };
  }

  /** `kubectl create secret` command an operator runs for an external secret, with `...` for the values. */
  public createCommand(namespace: string): string {
    return kubectlCreateSecret({ name: this.name, type: this.type, keys: this.keyNames }, namespace);
  }

  private assertKey(key: string) {
    if (!this.keyNames.includes(key)) throw new Error(`Declared secret "${this.name}" has no key "${key}" (keys: ${this.keyNames.join(', ')})`);
  }
}
