import { PROBE_EXEMPTION_PREFIX } from '../../core/platform-keys';
import { allContainers } from '../inventory';
import { rule, RuleFamily } from './rule';



export const RESOURCE_RULES = {
  cpuRequest: rule('RES-CPU-REQUEST',
    'Container has no CPU request, so the scheduler cannot place it sensibly',
    'Set resources.requests.cpu on the container.'),
  memoryRequest: rule('RES-MEMORY-REQUEST',
    'Container has no memory request, so the scheduler cannot place it sensibly',
    'Set resources.requests.memory on the container.'),
  memoryLimit: rule('RES-MEMORY-LIMIT',
    'Container has no memory limit and can exhaust the node',
    'Set resources.limits.memory on the container.'),
  readiness: rule('PROBE-READINESS',
    'Long-running container has no readiness probe, so it gets traffic before it is ready',
    `Add a readinessProbe, or annotate the pod template ${PROBE_EXEMPTION_PREFIX}<container>: <reason>.`),
  liveness: rule('PROBE-LIVENESS',
    'Long-running container has neither a liveness nor a startup probe, so a hung process is never restarted',
    `Add a livenessProbe (and a startupProbe for slow starts), or annotate the pod template ${PROBE_EXEMPTION_PREFIX}<container>: <reason>.`),
};

/**
 * Every container (regular and init; ephemeral containers cannot set resources) requests CPU and memory and
 * limits memory. Long-running regular containers (not in Jobs/CronJobs, not init) have a readiness probe and a
 * liveness or startup probe, unless the pod template carries a probe exemption with a non-empty reason.
 */
export const resources: RuleFamily = {
  rules: Object.values(RESOURCE_RULES),
  check(inv, report) {
    for (const [t, { container: c, path, list }] of allContainers(inv)) {
      if (list === 'ephemeralContainers') continue;
      const who = `container "${c.name}"`;
      const res = c.resources ?? {};
      if (!res.requests?.cpu) report(RESOURCE_RULES.cpuRequest, t.owner, `${path}.resources.requests.cpu`, who);
      if (!res.requests?.memory) report(RESOURCE_RULES.memoryRequest, t.owner, `${path}.resources.requests.memory`, who);
      if (!res.limits?.memory) report(RESOURCE_RULES.memoryLimit, t.owner, `${path}.resources.limits.memory`, who);

      if (!t.longRunning || list !== 'containers') continue;
      const exemption = t.metadata.annotations?.[PROBE_EXEMPTION_PREFIX + c.name];
      if (typeof exemption === 'string' && exemption.trim() !== '') continue;
      if (!c.readinessProbe) report(RESOURCE_RULES.readiness, t.owner, `${path}.readinessProbe`, who);
      if (!c.livenessProbe && !c.startupProbe) report(RESOURCE_RULES.liveness, t.owner, `${path}.livenessProbe`, who);
    }
  },
};
