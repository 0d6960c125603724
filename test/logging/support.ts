import { EnvironmentInput } from '../../lib/config/schema';
import { find, KubeObject, render, Rendered, renderEnvironment } from '../support/render';

/** The objects of the logging chart of a rendered environment. */
export function loggingObjects(rendered: Rendered): KubeObject[] {
  const chart = rendered.charts.find(c => c.name === 'logging');
  if (!chart) throw new Error('no logging chart rendered');
  return chart.objects;
}

/** The logging chart of a real environment. */
export function logging(env: 'dev' | 'prod'): KubeObject[] {
  return loggingObjects(renderEnvironment(env));
}

/** The logging chart of a variant of an environment. */
export function loggingOf(input: EnvironmentInput): KubeObject[] {
  return loggingObjects(render(input));
}

/** The first container of a workload's pod template. */
export function container(workload: KubeObject, name?: string): any {
  const containers: any[] = workload.spec.template.spec.containers;
  return name ? containers.find(c => c.name === name) : containers[0];
}

/** An env var's entry by name. */
export function env(c: any, name: string): any {
  return (c.env ?? []).find((e: any) => e.name === name);
}

export const elasticsearch = (objects: KubeObject[]) => find(objects, 'StatefulSet', 'elasticsearch', 'logging');
export const kibana = (objects: KubeObject[]) => find(objects, 'Deployment', 'kibana', 'logging');
export const fluentd = (objects: KubeObject[]) => find(objects, 'DaemonSet', 'fluentd', 'logging-agents');
