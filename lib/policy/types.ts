import { KubeObject } from '../core/kube-object';
import type { PodSecurityLevel } from '../core/pod-security';

/** One parsed Kubernetes object, with where it was read from (when it came from a file). */
export interface Manifest {
  /** The object as plain JSON (e.g. one YAML document). */
  readonly object: any;
  /** File the object was read from. @default - not from a file */
  readonly source?: string;
  /** Index of the document inside `source`. @default - not from a file */
  readonly index?: number;
}

/**
 * How a finding counts: an `error` fails the check; a `warning` is printed but only fails under `--strict`
 * (findings that depend on an assumption the input cannot confirm, such as an undeclared namespace's level).
 */
export type Severity = 'error' | 'warning';

/** One rule broken by one object. */
export interface Violation {
  /** Stable rule id, e.g. `PSS-RESTRICTED-RUN-AS-NON-ROOT`. */
  readonly ruleId: string;
  /** The rule's one-line reason: what is wrong and why it matters. */
  readonly reason: string;
  /** What exactly is wrong in this object, e.g. the offending container and value. @default - the reason says it all */
  readonly detail?: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** Field path inside the object, e.g. `spec.template.spec.containers[0].securityContext.runAsNonRoot`. */
  readonly path: string;
  /** How to fix it. */
  readonly hint: string;
  /** File the object was read from. */
  readonly source?: string;
  readonly severity: Severity;
}

/** A rule's fixed description; every violation it reports reuses these strings. */
export interface Rule {
  readonly id: string;
  readonly reason: string;
  readonly hint: string;
}

/**
 * Reports a violation of `rule` by `object` at `path`; `detail` names the offending value or container.
 * `severity` defaults to `error`.
 */
export type Report = (rule: Rule, object: CheckedObject, path: string, detail?: string, severity?: Severity) => void;

/** A manifest under check, with its identity pulled out once so rules never re-derive it. */
export interface CheckedObject {
  readonly manifest: Manifest;
  /** The object; for an unclassified document, what was meant to be one (its kind or apiVersion is broken). */
  readonly body: KubeObject;
  readonly kind: string;
  readonly name: string;
  /** The object's namespace (`default` when a namespaced object leaves it out); undefined for cluster-scoped kinds. */
  readonly namespace?: string;
}

/** A problem found while reading data embedded in an object (e.g. JSON or YAML inside a ConfigMap). */
export interface EmbeddedDataError {
  readonly object: CheckedObject;
  /** Field path of the embedded data inside the object, e.g. `data["secrets.json"]`. */
  readonly path: string;
  readonly detail: string;
}

/** What a check may assume about the cluster beyond the objects it is given. */
export interface CheckOptions {
  /**
   * Pod Security level assumed for a namespace the input does not declare (its real level is unknown).
   * @default 'restricted'
   */
  readonly assumeLevel?: PodSecurityLevel;
  /**
   * Whether findings against an assumed level are errors. Synth keeps this on: it renders every Namespace, so an
   * undeclared one is a mistake there. `npm run validate` turns it off unless `--strict`, so they are warnings.
   * @default true
   */
  readonly strict?: boolean;
  /**
   * Secrets created outside the input, as `namespace/name`: references to them resolve (their keys are not checked).
   * @default - none
   */
  readonly externalSecrets?: readonly string[];
  /**
   * Registries (host, or host and path prefix) every image must come from: IMG-REGISTRY.
   * @default - any registry
   */
  readonly allowedRegistries?: readonly string[];
}

/** A secret that exists in the cluster without being rendered: (namespace, name) plus the keys it holds. */
export interface DeclaredSecret {
  /** The keys it holds. @default - unknown (an `--external-secret`): keys are not checked */
  readonly keys?: ReadonlySet<string>;
  readonly origin: string;
}
