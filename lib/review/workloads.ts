import { compareStrings } from '../core/compare';
import { KubeObject } from '../core/kube-object';
import { Labels } from '../policy/selectors';
import { jcascPodTemplates } from '../policy/jcasc';
import { rawPodTemplate } from '../policy/pod-templates';

/** A container port of a workload's pods: what a NetworkPolicy named port resolves to. */
export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol: string;
}

/** An object that runs pods, seen through its pod template. */
export interface Workload {
  /** `<namespace>/<kind>/<name>`. */
  readonly id: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Labels of the pods it creates: what policy pod selectors match. */
  readonly podLabels: Labels;
  readonly ports: readonly ContainerPort[];
}

/** The workloads of a render, sorted by id; Jenkins agent pod templates (JCasC) count as workloads of kind `JenkinsAgent`. */
export function workloadsOf(objects: readonly KubeObject[]): Workload[] {
  const workloads = objects.flatMap((obj) => {
    const template = rawPodTemplate(obj);
    return template === undefined ? [] : [workload(obj.kind, obj.metadata.namespace ?? 'default', obj.metadata.name, template.metadata?.labels ?? {}, template.spec)];
  });
  // Agent pods exist only at build time, but the policies for them are real flows worth drawing.
  const agents = objects
    .filter((obj) => obj.kind === 'ConfigMap')
    .flatMap((obj) => jcascPodTemplates({ manifest: { object: obj }, body: obj, kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace ?? 'default' }).templates)
    .map((t) => workload('JenkinsAgent', t.namespace, t.embeddedName!, t.labels, t.spec));
  return [...workloads, ...agents].sort((a, b) => compareStrings(a.id, b.id));
}

function workload(kind: string, namespace: string, name: string, podLabels: Labels, spec: any): Workload {
  const containers: any[] = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
  return {
    id: `${namespace}/${kind}/${name}`,
    kind,
    namespace,
    name,
    podLabels,
    ports: containers.flatMap((c) => c.ports ?? []).map((p: any) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol ?? 'TCP' })),
  };
}
