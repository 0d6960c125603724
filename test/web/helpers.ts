import { environments } from '../../lib/config/environments';
import { ENVIRONMENTS, environmentInput, KubeObject } from '../support/render';

/** `kind namespace/name` of an object. */
export function key(o: KubeObject): string {
  return `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** Every leaf path that differs between two renders, as `<object key> <json path>`. */
export function changedPaths(before: readonly KubeObject[], after: readonly KubeObject[]): string[] {
  const index = (objects: readonly KubeObject[]) => new Map(objects.map(o => [key(o), o]));
  const a = index(before);
  const b = index(after);
  const changes: string[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()])) walk(a.get(k), b.get(k), k, changes);
  return changes.sort();
}

function walk(a: unknown, b: unknown, path: string, out: string[]): void {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) walk((a as any)[k], (b as any)[k], `${path}.${k}`, out);
  } else if (a !== b) {
    out.push(path);
  }
}

/** The pod templates of the workloads among `objects`. */
export function podTemplates(objects: readonly KubeObject[]): { owner: string; template: any }[] {
  return objects.flatMap(o => {
    if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(o.kind)) return [{ owner: key(o), template: o.spec.template }];
    if (o.kind === 'CronJob') return [{ owner: key(o), template: o.spec.jobTemplate.spec.template }];
    return [];
  });
}

/** The apps the tests below build on, written here so that none depends on the seed apps of an environment file. */
export const TEST_APPS = {
  'web-server': {
    preset: 'nginx-static', subdomain: 'test-www', delivery: { mode: 'rolling', image: 'docker.io/nginxinc/nginx-unprivileged:1.30.4-alpine' },
    autoscaling: { minReplicas: 2, maxReplicas: 6 }, resources: { cpu: '100m', memory: '128Mi' },
  },
  'hello-world': {
    preset: 'hello-app', subdomain: 'test-hello', delivery: { mode: 'rolling', image: 'gcr.io/google-samples/hello-app:2.0' },
    autoscaling: { minReplicas: 3, maxReplicas: 10, targetMemoryUtilization: 80 }, resources: { cpu: '100m', memory: '64Mi' },
  },
};

/** A copy of a declared environment, highly available or not, whose apps are exactly TEST_APPS. */
export function appsInput(highlyAvailable: boolean): any {
  const input: any = environmentInput(ENVIRONMENTS.find(e => environments[e].highlyAvailable === highlyAvailable) ?? ENVIRONMENTS[0]);
  input.apps.web = structuredClone(TEST_APPS);
  return input;
}
