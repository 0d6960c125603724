import { Chart, Testing } from 'cdk8s';

/** Synthesizes what `build` adds to a fresh chart, with lookups by kind and name. */
export function synthIn<T>(build: (chart: Chart) => T) {
  const chart = Testing.chart();
  const construct = build(chart);
  const objects = Testing.synth(chart) as any[];
  const of = (kind: string, name?: string) => objects.filter(o => o.kind === kind && (name === undefined || o.metadata.name === name));
  return { construct, objects, of };
}

/** The first container of a workload's pod template. */
export const firstContainer = (workload: any) => workload.spec.template.spec.containers[0];
