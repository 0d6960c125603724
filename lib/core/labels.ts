import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/** The tool recorded in `app.kubernetes.io/managed-by` on every object. */
export const MANAGED_BY = 'cdk8s';


/**
 * Who an object belongs to, in the terms of the Kubernetes recommended labels.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
 */
export interface AppIdentity {
  /** `app.kubernetes.io/name`: the application, e.g. `elasticsearch`. */
  readonly name: string;
  /**
   * `app.kubernetes.io/instance`: one installation of the application.
   * @default - same as `name`
   */
  readonly instance?: string;
  /** `app.kubernetes.io/component`: its role in the architecture, e.g. `database`. */
  readonly component: string;
  /** `app.kubernetes.io/part-of`: the higher-level system, e.g. `logging`. */
  readonly partOf: string;
}

/** The five recommended labels for an identity. */
export function standardLabels(id: AppIdentity): Record<string, string> {
  return {
    'app.kubernetes.io/name': id.name,
    'app.kubernetes.io/instance': id.instance ?? id.name,
    'app.kubernetes.io/component': id.component,
    'app.kubernetes.io/part-of': id.partOf,
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
}

/**
 * The labels a workload selects its pods by. Only name and instance: they never change for
 * the life of a workload (selectors are immutable), unlike component or version labels.
 */
export function selectorLabels(id: AppIdentity): Record<string, string> {
  return {
    'app.kubernetes.io/name': id.name,
    'app.kubernetes.io/instance': id.instance ?? id.name,
  };
}

/**
 * Adds the recommended labels to every API object under `scope` that does not set them itself,
 * so a construct labels everything it created in one call.
 */
export function labelTree(scope: IConstruct, id: AppIdentity): void {
  const labels = standardLabels(id);
  for (const child of scope.node.findAll()) {
    if (!(child instanceof ApiObject)) continue;
    for (const [key, value] of Object.entries(labels)) {
      if (child.metadata.getLabel(key) === undefined) child.metadata.addLabel(key, value);
    }
  }
}
