import { SCRAPE_JOBS } from '../../../lib/monitoring/scrape-jobs';
import { AlertCase, sample } from '../alert-case';

const job = SCRAPE_JOBS.jenkins;
const target = { instance: '10.244.2.4:8080' };
const labels = { job, ...target };
const queue = sample('default_jenkins_executors_queue_length', job, { ...target, label: 'nodejs' });

export const JENKINS_CASES: AlertCase[] = [
  {
    name: 'the controller cannot be scraped',
    alert: 'JenkinsControllerDown',
    series: { [sample('up', job, target)]: '0x10' },
    at: '10m',
    fires: [{ severity: 'critical', labels }],
  },
  {
    name: 'the controller answers but is not ready',
    alert: 'JenkinsControllerDown',
    series: { [sample('up', job, target)]: '1x10', [sample('default_jenkins_up', job, target)]: '0x10' },
    at: '10m',
    fires: [{ severity: 'critical', labels }],
  },
  {
    name: 'a ready controller',
    alert: 'JenkinsControllerDown',
    series: { [sample('up', job, target)]: '1x10', [sample('default_jenkins_up', job, target)]: '1x10' },
    at: '10m',
    fires: [],
  },
  {
    name: 'a queue growing for 50 minutes',
    alert: 'JenkinsQueueGrowing',
    series: { [queue]: '1+1x60' },
    at: '50m',
    fires: [{ severity: 'warning', labels: { ...labels, label: 'nodejs' } }],
  },
  {
    name: 'a queue that drains',
    alert: 'JenkinsQueueGrowing',
    series: { [queue]: '0 2 4 0 3 0 1 0x53' },
    at: '50m',
    fires: [],
  },
  {
    name: 'agent pods failing to launch',
    alert: 'JenkinsAgentsFailingToLaunch',
    series: { [sample('kubernetes_cloud_pods_launch_failed', job, target)]: '0+1x20' },
    at: '15m',
    fires: [{ severity: 'warning', labels }],
  },
  {
    name: 'agent pods failing to be created (no launch failure counted yet)',
    alert: 'JenkinsAgentsFailingToLaunch',
    series: { [sample('kubernetes_cloud_pods_creation_failed', job, target)]: '0+1x20' },
    at: '15m',
    fires: [{ severity: 'warning', labels }],
  },
  {
    name: 'old launch failures only',
    alert: 'JenkinsAgentsFailingToLaunch',
    series: {
      [sample('kubernetes_cloud_pods_launch_failed', job, target)]: '3x20',
      [sample('kubernetes_cloud_pods_creation_failed', job, target)]: '1x20',
    },
    at: '15m',
    fires: [],
  },
];
