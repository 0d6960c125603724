import { compareStrings } from './compare';
import { KubeObject } from './kube-object';
import { Labels } from './label-selector';

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

/** Where each workload kind keeps its pod template. */
const POD_TEMPLATE: Readonly<Record<string, (obj: KubeObject) => any>> = {
  Deployment: (obj) => obj.spec?.template,
  StatefulSet: (obj) => obj.spec?.template,
  DaemonSet: (obj) => obj.spec?.template,
  Job: (obj) => obj.spec?.template,
  CronJob: (obj) => obj.spec?.jobTemplate?.spec?.template,
};

/** The workloads of a render, sorted by id. */
export function workloadsOf(objects: readonly KubeObject[]): Workload[] {
  return objects
    .filter((obj) => POD_TEMPLATE[obj.kind] !== undefined)
    .map((obj) => {
      const template = POD_TEMPLATE[obj.kind](obj);
      const namespace = obj.metadata.namespace ?? 'default';
      const containers: any[] = [...(template?.spec?.initContainers ?? []), ...(template?.spec?.containers ?? [])];
      return {
        id: `${namespace}/${obj.kind}/${obj.metadata.name}`,
        kind: obj.kind,
        namespace,
        name: obj.metadata.name,
        podLabels: template?.metadata?.labels ?? {},
        ports: containers.flatMap((c) => c.ports ?? []).map((p: any) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol ?? 'TCP' })),
      };
    })
    .sort((a, b) => compareStrings(a.id, b.id));
}
