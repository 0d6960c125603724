import * as fs from 'fs';
import type { App } from 'cdk8s';
import { environments } from '../../lib/config/environments';
import { EnvironmentConfig, EnvironmentInput } from '../../lib/config/schema';
import { parseEnvironment } from '../../lib/config/validate';
import { KubeObject } from '../../lib/core/kube-object';

export type { KubeObject };

/** One environment rendered in memory: objects per chart, in file order. */
export interface Rendered {
  readonly config: EnvironmentConfig;
  readonly charts: { readonly name: string; readonly objects: KubeObject[] }[];
  readonly objects: KubeObject[];
}

/** Which real environment each copy made by `environmentInput` came from: its default name. */
const origins = new WeakMap<object, string>();

/** The name a crafted input renders as: given, else the environment it was copied from, else "test". */
export function nameOf(input: EnvironmentInput, name?: string): string {
  return name ?? origins.get(input) ?? 'test';
}

/**
 * Validates and renders an environment config without touching the file system. cdk8s and the charts are
 * loaded on the first call: test files that only read the environments rendered by the global setup never
 * load them (jest loads every module again for each test file).
 */
export function render(input: EnvironmentInput, name?: string): Rendered {
  const { Testing } = require('cdk8s') as typeof import('cdk8s');
  const { buildStack } = require('../../charts/stack') as typeof import('../../charts/stack');
  const config = parseEnvironment(input, nameOf(input, name));
  const app = Testing.app();
  buildStack(app as App, config);
  const charts = app.charts.map(chart => ({ name: chart.node.id, objects: Testing.synth(chart) as KubeObject[] }));
  return { config, charts, objects: charts.flatMap(c => c.objects) };
}

/** Every declared environment: tests iterate over these, so adding one needs no test edit. */
export const ENVIRONMENTS = Object.keys(environments);

/** Set by `test/support/global-setup.ts`: a JSON file holding every environment's render, made once per jest run. */
export const RENDERED_ENVIRONMENTS_FILE = 'PLATFORM_TEST_RENDERED_ENVIRONMENTS';

const cache = new Map<string, Rendered>();

/**
 * The real environments of this repository, rendered once per jest run (the global setup writes them
 * to a file each test file reads) or, without it, once per test file. Treat the result as read-only.
 */
export function renderEnvironment(name: keyof typeof environments & string): Rendered {
  if (cache.size === 0 && process.env[RENDERED_ENVIRONMENTS_FILE]) {
    const rendered: Record<string, Rendered> = JSON.parse(fs.readFileSync(process.env[RENDERED_ENVIRONMENTS_FILE]!, 'utf8'));
    for (const [env, value] of Object.entries(rendered)) cache.set(env, value);
  }
  if (!cache.has(name)) cache.set(name, render(environments[name], name));
  return cache.get(name)!;
}

/** A deep copy of an environment to craft variants from. */
export function environmentInput(name: string): EnvironmentInput {
  const copy = structuredClone(environments[name]);
  origins.set(copy, name);
  return copy;
}

/** The single object of a kind and name (and namespace); throws if absent or ambiguous. */
export function find(objects: readonly KubeObject[], kind: string, name: string, namespace?: string): KubeObject {
  const hits = objects.filter(o => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
  if (hits.length !== 1) throw new Error(`expected exactly one ${kind} ${namespace ?? '*'}/${name}, found ${hits.length}`);
  return hits[0];
}

/** Every object of a kind. */
export function ofKind(objects: readonly KubeObject[], kind: string): KubeObject[] {
  return objects.filter(o => o.kind === kind);
}
