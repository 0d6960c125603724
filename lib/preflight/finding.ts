import { EnvironmentConfig } from '../config/schema';
import { Kube, ReadResult } from './kubectl';
import { compareStrings } from '../core/compare';

/**
 * - `ok`: present as the render needs it.
 * - `missing`: absent or different: applying this render will not work until it is fixed (exit 1).
 * - `unknown`: could not be read (forbidden, unreachable): fix access or check by hand.
 * - `unverified`: no API object shows it; the finding says how to check it by hand.
 */
export type Status = 'ok' | 'missing' | 'unknown' | 'unverified';

/** One prerequisite of the render and what the cluster says about it. */
export interface Finding {
  /** The check that made the finding, e.g. `storage-class`. */
  readonly check: string;
  /** What is required, e.g. `StorageClass fast-ssd`. */
  readonly subject: string;
  readonly status: Status;
  /** What was found. */
  readonly detail: string;
  /** What to do when it is not ok: on the cluster, or in the config (may span lines). */
  readonly fix?: string;
  /** The environment config fields that ask for this prerequisite (`<env>: <path>` is what to change). */
  readonly fields: readonly string[];
}

/** A rendered object as plain JSON. */
export type RenderedObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; [key: string]: any };

/** What every check receives. */
export interface PreflightContext {
  readonly config: EnvironmentConfig;
  /** Every object of the environment's render, in apply order. */
  readonly objects: readonly RenderedObject[];
  readonly kube: Kube;
}

/** A check: derives its prerequisites from the config and render, and reads the cluster for each. */
export type Check = (context: PreflightContext) => Finding[];

/** The finding for a read that failed for a reason other than "not found". */
export function unknownFinding(base: Pick<Finding, 'check' | 'subject' | 'fields'>, read: Extract<ReadResult, { kind: 'unknown' }>): Finding {
  const fix = read.forbidden ? 'allow this identity to get/list it (e.g. the built-in view ClusterRole does not cover cluster-scoped objects), or check it by hand' : 'check it by hand';
  return { ...base, status: 'unknown', detail: read.reason, fix };
}

/** `kind namespace/name` of a rendered object, for details. */
export function describeObject(object: RenderedObject): string {
  return `${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`;
}

/** The pod spec of a workload or Job (or CronJob), if the object has one. */
export function podSpecOf(object: RenderedObject): any | undefined {
  return object.spec?.template?.spec ?? object.spec?.jobTemplate?.spec?.template?.spec;
}

/** `a=b,c=d` for `kubectl -l`, keys sorted so the same labels always make the same call. */
export function labelSelector(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels).sort(([a], [b]) => compareStrings(a, b)).map(([k, v]) => `${k}=${v}`).join(',');
}
