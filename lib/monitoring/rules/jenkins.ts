import { EXPORTER_METRICS, series } from '../exporter-metrics';
import { NAMESPACE } from '../../platform/stack-namespaces';
import { alertRuleGroup } from './alert-rule';

const jenkins = EXPORTER_METRICS.jenkins;
const queue = series(jenkins, 'default_jenkins_executors_queue_length');

/** The Jenkins controller and its Kubernetes agents, from the Prometheus plugin. */
export const JENKINS_RULES = alertRuleGroup('jenkins', [
  {
    alert: 'JenkinsControllerDown',
    expr: `(up{job="${jenkins.job}"} == 0) or (${series(jenkins, 'default_jenkins_up')} == 0)`,
    for: '5m',
    severity: 'critical',
    summary: 'Jenkins controller {{ $labels.instance }} is down',
    description: 'Prometheus cannot scrape the controller, or Jenkins reports it is not ready: no builds run. '
      + `Check the controller pod (\`kubectl -n ${NAMESPACE.ci} get pods\`, its logs and events): start-up after a plugin change `
      + 'can take minutes, a full JENKINS_HOME volume or a failed plugin install stops it.',
  },
  {
    alert: 'JenkinsQueueGrowing',
    // The queue never drained in 30 minutes and is longer than 30 minutes ago.
    expr: `(min_over_time(${queue}[30m]) > 0) and (delta(${queue}[30m]) > 0)`,
    for: '10m',
    severity: 'warning',
    summary: 'Jenkins queue for label {{ $labels.label }} keeps growing',
    description: 'Builds wait longer and longer for an executor. Check the agent pods (JenkinsAgentsFailingToLaunch, pending pods '
      + `in ${NAMESPACE.ciAgents}: quota or containerCap reached) and raise \`ci.agents.containerCap\` or the agent quota if the load is real.`,
  },
  {
    alert: 'JenkinsAgentsFailingToLaunch',
    // Counters appear only once incremented: either one may be missing.
    expr: `(increase(${series(jenkins, 'kubernetes_cloud_pods_launch_failed')}[15m]) > 0) or (increase(${series(jenkins, 'kubernetes_cloud_pods_creation_failed')}[15m]) > 0)`,
    severity: 'warning',
    summary: 'Jenkins cannot start Kubernetes agents',
    description: 'Agent pods fail to be created or to connect back. Read the controller log (KubernetesLauncher) and the events in '
      + `${NAMESPACE.ciAgents}: quota exceeded, image pull errors, Pod Security rejections, or the agents cannot reach the controller (network policy).`,
  },
]);
