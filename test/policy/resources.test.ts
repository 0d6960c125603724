import { RESOURCE_RULES, resources } from '../../lib/policy/rules/resources';
import { describeRules, find, QuietCase, RuleCase, webPod } from './fixtures';

const C0 = 'spec.template.spec.containers[0]';
const web = { kind: 'Deployment', name: 'web' };
const webContainer = (o: any[]) => webPod(o).containers[0];
const annotate = (o: any[], annotations: Record<string, string>) => {
  find(o, 'Deployment', 'web').spec.template.metadata.annotations = annotations;
};

const cases: RuleCase[] = [
  { rule: RESOURCE_RULES.cpuRequest, title: 'no CPU request', ...web, path: `${C0}.resources.requests.cpu`,
    breakIt: o => { delete webContainer(o).resources.requests.cpu; } },
  { rule: RESOURCE_RULES.memoryRequest, title: 'init container without memory request', ...web,
    path: 'spec.template.spec.initContainers[0].resources.requests.memory',
    breakIt: o => { delete webPod(o).initContainers[0].resources.requests.memory; } },
  { rule: RESOURCE_RULES.memoryLimit, title: 'CronJob container without memory limit', kind: 'CronJob', name: 'backup',
    path: 'spec.jobTemplate.spec.template.spec.containers[0].resources.limits.memory',
    breakIt: o => { find(o, 'CronJob', 'backup').spec.jobTemplate.spec.template.spec.containers[0].resources.limits = {}; } },
  { rule: RESOURCE_RULES.readiness, title: 'no readiness probe', ...web, path: `${C0}.readinessProbe`,
    breakIt: o => { delete webContainer(o).readinessProbe; } },
  { rule: RESOURCE_RULES.readiness, title: 'exemption with an empty reason does not count', ...web, path: `${C0}.readinessProbe`,
    breakIt: o => { delete webContainer(o).readinessProbe; annotate(o, { 'platform.internal/probe-exemption.web': ' ' }); } },
  { rule: RESOURCE_RULES.liveness, title: 'neither liveness nor startup probe', ...web, path: `${C0}.livenessProbe`,
    breakIt: o => { delete webContainer(o).livenessProbe; } },
  { rule: RESOURCE_RULES.liveness, title: 'exemption for another container does not count', kind: 'StatefulSet', name: 'db',
    path: `${C0}.livenessProbe`,
    breakIt: o => {
      const sts = find(o, 'StatefulSet', 'db');
      delete sts.spec.template.spec.containers[0].livenessProbe;
      sts.spec.template.metadata.annotations = { 'platform.internal/probe-exemption.web': 'wrong container' };
    } },
];

const quiet: QuietCase[] = [
  { title: 'a startup probe replaces the liveness probe', change: o => {
    webContainer(o).startupProbe = webContainer(o).livenessProbe;
    delete webContainer(o).livenessProbe;
  } },
  { title: 'probe exemption with a reason', change: o => {
    delete webContainer(o).readinessProbe;
    delete webContainer(o).livenessProbe;
    annotate(o, { 'platform.internal/probe-exemption.web': 'batch consumer, no port to probe' });
  } },
  { title: 'Jobs, CronJobs, init containers and run-to-completion Pods need no probes', change: o => {
    o.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'once', namespace: 'apps' },
      spec: { ...webPod(o), restartPolicy: 'Never', containers: [{ ...webContainer(o), readinessProbe: undefined, livenessProbe: undefined }] } });
  } },
];

describe('resources and probes', () => {
  describeRules(resources, cases, quiet);
});
