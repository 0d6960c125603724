import { item } from './paths';
import { Labels } from './selectors';
import { CheckedObject } from './types';

/** A pod template found inside a workload (or a bare Pod), with the paths rules report against. */
export interface PodTemplate {
  readonly owner: CheckedObject;
  readonly namespace: string;
  /** Path of the template's `metadata` inside the owner, e.g. `spec.template.metadata`. */
  readonly metadataPath: string;
  /** Path of the template's `spec` inside the owner, e.g. `spec.template.spec`. */
  readonly specPath: string;
  readonly metadata: any;
  readonly spec: any;
  readonly labels: Labels;
  /** Whether the pod is meant to keep running (false for Jobs, CronJobs and run-to-completion Pods). */
  readonly longRunning: boolean;
  /** Name of a template embedded in its owner (a JCasC agent template); undefined for a workload's own template. */
  readonly embeddedName?: string;
}

/** One container of a pod template with its path; init and ephemeral containers included. */
export interface ContainerRef {
  readonly container: any;
  readonly path: string;
  readonly list: 'containers' | 'initContainers' | 'ephemeralContainers';
}

/** Where each workload kind keeps its pod template (a bare Pod is its own template). */
const TEMPLATE_PATHS: ReadonlyMap<string, readonly string[]> = new Map([
  ['Pod', []],
  ['Deployment', ['spec', 'template']],
  ['StatefulSet', ['spec', 'template']],
  ['DaemonSet', ['spec', 'template']],
  ['ReplicaSet', ['spec', 'template']],
  ['ReplicationController', ['spec', 'template']],
  ['Job', ['spec', 'template']],
  ['CronJob', ['spec', 'jobTemplate', 'spec', 'template']],
]);

const RUN_TO_COMPLETION = new Set(['Job', 'CronJob']);

/** The raw pod template (`{ metadata, spec }`) inside an object's body; undefined for kinds that have none. */
export function rawPodTemplate(body: any): any {
  const keys = TEMPLATE_PATHS.get(body?.kind);
  return keys?.reduce((template, key) => template?.[key], body);
}

/** The pod template of a workload object, or undefined for kinds that have none. */
export function podTemplateOf(owner: CheckedObject): PodTemplate | undefined {
  const keys = TEMPLATE_PATHS.get(owner.kind);
  const template = rawPodTemplate(owner.body);
  if (!keys || !template?.spec) return undefined;
  const base = keys.join('.');
  const prefix = base ? `${base}.` : '';
  const bareRunOnce = owner.kind === 'Pod' && ['Never', 'OnFailure'].includes(template.spec.restartPolicy);
  return {
    owner,
    namespace: owner.namespace ?? 'default',
    metadataPath: `${prefix}metadata`,
    specPath: `${prefix}spec`,
    metadata: template.metadata ?? {},
    spec: template.spec,
    labels: template.metadata?.labels ?? {},
    longRunning: !RUN_TO_COMPLETION.has(owner.kind) && !bareRunOnce,
  };
}

/** Every container of the template: regular, init and ephemeral, each with its path. */
export function containersOf(t: PodTemplate): ContainerRef[] {
  const refs: ContainerRef[] = [];
  for (const list of ['containers', 'initContainers', 'ephemeralContainers'] as const) {
    (t.spec[list] ?? []).forEach((container: any, i: number) => {
      refs.push({ container, path: item(`${t.specPath}.${list}`, i), list });
    });
  }
  return refs;
}
