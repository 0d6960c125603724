import { App, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { CiChart } from '../../charts/ci-chart';
import { EnvironmentConfig, EnvironmentInput } from '../../lib/config/schema';
import { parseEnvironment } from '../../lib/config/validate';
import { RoutingTable } from '../../lib/network/routing-table';
import { NAMESPACE } from '../../lib/platform/stack-namespaces';
import { environmentInput, find, KubeObject, nameOf } from '../support/render';

/** The ci chart of one environment, with the routes it registered. */
export interface RenderedCi {
  readonly config: EnvironmentConfig;
  readonly objects: KubeObject[];
  readonly routes: RoutingTable;
}

/** Renders only the ci chart of an environment input (variants are crafted with `variant`). */
export function renderCi(input: EnvironmentInput): RenderedCi {
  const config = parseEnvironment(input, nameOf(input));
  const routes = new RoutingTable(config.domain);
  const chart = new CiChart(Testing.app() as App, 'ci', { config, routes });
  return { config, objects: Testing.synth(chart) as KubeObject[], routes };
}

/** A copy of a real environment with its `ci` section changed. */
export function variant(env: string, change: (ci: any) => void): EnvironmentInput {
  const input = environmentInput(env);
  change(input.ci);
  return input;
}

export function statefulSet(objects: readonly KubeObject[]): KubeObject {
  return find(objects, 'StatefulSet', 'jenkins', NAMESPACE.ci);
}

/** The parsed JCasC document the controller reads. */
export function jcasc(objects: readonly KubeObject[]): any {
  return parse(find(objects, 'ConfigMap', 'jenkins-config', NAMESPACE.ci).data['jenkins.yaml']);
}

/** The Kubernetes cloud of the JCasC document. */
export function cloud(objects: readonly KubeObject[]): any {
  return jcasc(objects).jenkins.clouds[0].kubernetes;
}

/** The agent pods the JCasC templates describe, by template name. */
export function agentPods(objects: readonly KubeObject[]): Record<string, KubeObject> {
  return Object.fromEntries(cloud(objects).templates.map((t: any) => [t.name, parse(t.yaml)]));
}

const ALLOWED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/**
 * Violations of the Pod Security Standard `restricted` (v1.27) by a pod spec: what the admission
 * controller of a `restricted` namespace would reject.
 */
export function restrictedViolations(spec: any): string[] {
  const problems: string[] = [];
  const pod = spec.securityContext ?? {};
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) problems.push('host namespaces');
  for (const v of spec.volumes ?? []) {
    if (!Object.keys(v).some(k => ALLOWED_VOLUMES.includes(k))) problems.push(`volume ${v.name}: type not allowed`);
  }
  if (pod.runAsUser === 0) problems.push('pod runAsUser 0');
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) problems.push(`${c.name}: privileged`);
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${c.name}: allowPrivilegeEscalation must be false`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) problems.push(`${c.name}: capabilities must drop ALL`);
    if ((sc.capabilities?.add ?? []).some((cap: string) => cap !== 'NET_BIND_SERVICE')) problems.push(`${c.name}: capabilities added`);
    if ((sc.runAsNonRoot ?? pod.runAsNonRoot) !== true) problems.push(`${c.name}: runAsNonRoot must be true`);
    if (sc.runAsUser === 0) problems.push(`${c.name}: runAsUser 0`);
    const seccomp = sc.seccompProfile?.type ?? pod.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') problems.push(`${c.name}: seccompProfile must be RuntimeDefault or Localhost`);
    for (const p of c.ports ?? []) if (p.hostPort) problems.push(`${c.name}: hostPort`);
  }
  return problems;
}
