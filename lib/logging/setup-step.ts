import type { DeclaredSecret } from '../secrets/declared-secret';

/** A script run by the Elasticsearch setup after its own steps, in the same shell (it may use `call`). */
export interface SetupStep {
  readonly script: string;
  /** Environment variables it reads. */
  readonly parameters: Readonly<Record<string, string>>;
  /** Environment variables filled from a Secret's `password` key. @default - none */
  readonly passwords?: Readonly<Record<string, DeclaredSecret>>;
}
