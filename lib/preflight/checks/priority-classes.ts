import { componentOf } from '../../platform/stack-namespaces';
import { Check, describeObject, Finding, podSpecOf, unknownFinding } from '../finding';

/** Every PriorityClass a pod template names (and the render does not create) exists: otherwise admission rejects the pods. */
export const priorityClassesCheck: Check = ({ objects, kube }) => {
  const created = new Set(objects.filter(o => o.kind === 'PriorityClass').map(o => o.metadata.name));
  const users = new Map<string, typeof objects[number][]>();
  for (const object of objects) {
    const name: string | undefined = podSpecOf(object)?.priorityClassName;
    if (name && !created.has(name)) users.set(name, [...(users.get(name) ?? []), object]);
  }
  return [...users.entries()].map(([name, workloads]): Finding => {
    const components = [...new Set(workloads.map(w => componentOf(w.metadata.namespace ?? '')).filter(Boolean))];
    const base = { check: 'priority-class', subject: `PriorityClass ${name}`, fields: components.map(c => `${c}.enabled`) };
    const read = kube.get({ resource: 'priorityclasses.scheduling.k8s.io', name });
    if (read.kind === 'unknown') return unknownFinding(base, read);
    if (read.kind === 'notFound') {
      return { ...base, status: 'missing', detail: `not found; ${workloads.map(describeObject).join(', ')} cannot create pods`, fix: `create it (built into every cluster unless removed), or turn off ${base.fields.join(', ') || 'the workload'}` };
    }
    return { ...base, status: 'ok', detail: `value ${read.value.value}` };
  });
};
