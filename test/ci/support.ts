import { App, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { CiChart } from '../../charts/ci-chart';
import { Jenkins, JenkinsProps } from '../../lib/ci/jenkins';
import { EnvironmentConfig, EnvironmentInput } from '../../lib/config/schema';
import { parseEnvironment } from '../../lib/config/validate';
import { RoutingTable } from '../../lib/network/routing-table';
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
  return find(objects, 'StatefulSet', 'jenkins');
}

/** The parsed JCasC document the controller reads. */
export function jcasc(objects: readonly KubeObject[]): any {
  return parse(find(objects, 'ConfigMap', 'jenkins-config').data['jenkins.yaml']);
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

/** The smallest Jenkins props that render, independent of the environment files. */
export function minimalJenkinsProps(routes = new RoutingTable('example.test')): JenkinsProps {
  return {
    controller: {
      image: 'docker.io/jenkins/jenkins:2.555.3-lts-jdk21',
      resources: { cpu: '500m', memory: '2Gi' },
      heapPercent: 50,
      storage: { size: '8Gi' },
      startupProbeSeconds: 300,
      adminUser: 'admin',
    },
    plugins: { install: 'initContainer', pins: ['kubernetes:1.0', 'configuration-as-code:1.0'] },
    agents: {
      containerCap: 2,
      jnlp: { image: 'docker.io/jenkins/inbound-agent:3355.v388858a_47b_33-19-jdk21', resources: { cpu: '500m', memory: '512Mi' } },
      templates: [{ name: 'default', labels: ['default'] }],
      quota: {
        requests: { cpu: '4', memory: '4Gi' }, limits: { cpu: '4', memory: '4Gi' }, pods: 4, persistentVolumeClaims: 0, storage: '0',
        containerDefaults: { request: { cpu: '100m', memory: '128Mi' }, limit: { cpu: '100m', memory: '128Mi' } },
      },
    },
    routes,
    cluster: {
      podCidrs: ['10.244.0.0/16'],
      serviceCidrs: ['10.96.0.0/12'],
      apiServer: { cidrs: ['192.168.0.10/32'], ports: [6443] },
    },
    kubectlImage: 'docker.io/bitnami/kubectl:1.27.16',
  };
}

/** A Jenkins construct alone in a test chart. */
export function renderJenkins(props: JenkinsProps): KubeObject[] {
  const chart = Testing.chart();
  new Jenkins(chart, 'jenkins', props);
  return Testing.synth(chart) as KubeObject[];
}
