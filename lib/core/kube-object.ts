/**
 * A Kubernetes object as plain data: a rendered manifest, or a document parsed from one. The one shape the
 * guardrails, the review tools and the tests read objects as. Dependency-free.
 */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMetadata;
  readonly [field: string]: any;
}

/** The metadata fields the platform reads; the others are kept as they are. */
export interface ObjectMetadata {
  readonly name: string;
  /** @default - cluster-scoped, or the `default` namespace for a namespaced kind */
  readonly namespace?: string;
  /** @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
  readonly [field: string]: any;
}
