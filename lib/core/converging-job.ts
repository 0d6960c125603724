import { Construct } from 'constructs';
import { k8s } from './k8s';
import { versionedName } from './hash';

/** A scheduled run that could not start this long after its time (controller down, previous run still active) is skipped. */
const STARTING_DEADLINE_SECONDS = 300;

/** Intervals that divide the hour, so `*\/N` runs evenly; at least 10 minutes so a run gets 5 minutes or more. */
const INTERVALS_MINUTES = [10, 12, 15, 20, 30, 60];

export interface ConvergingJobProps {
  /**
   * Name of the CronJob, and base of the install Job's name (`<name>-<hash>`). At most 52
   * characters: the CronJob controller appends 11 to the names of the Jobs it creates
   * (https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#writing-a-cronjob-spec).
   */
  readonly name: string;
  /** Namespace of both. */
  readonly namespace: string;
  /** The pod both run. What it runs must be idempotent: it runs at install and then on every schedule. */
  readonly template: k8s.PodTemplateSpec;
  /**
   * What the pod runs that the template only references (a script in a ConfigMap): a change to it
   * starts a new install Job, like a change to the template.
   * @default - nothing beyond the template
   */
  readonly referencedContent?: readonly unknown[];
  /** Pod failures before a run is given up. @default 6 */
  readonly backoffLimit?: number;
  /** Deadline of the install run, which may wait for what it sets up to start. @default 1800 */
  readonly installDeadlineSeconds?: number;
  /** Minutes between repeated runs: 10, 12, 15, 20, 30 or 60. @default 15 */
  readonly intervalMinutes?: number;
}

/**
 * Runs an idempotent pod until its work holds, and again forever after, so setup converges
 * without anyone re-running it and drift (something deleted or edited by hand) is repaired:
 * - an install Job named `<name>-<hash of what it runs>`: runs at once on apply. A Job's pod
 *   template is immutable, so a changed one is a new Job; an unchanged one re-applies as a no-op.
 * - a CronJob named `<name>` with the same pod: re-runs it every `intervalMinutes`. Its template
 *   is mutable, so apply updates it in place. Runs never overlap (`Forbid`), each ends before the
 *   next is due, and only the last success and the last three failures are kept.
 */
export class ConvergingJob extends Construct {
  /** The install Job. */
  public readonly job: k8s.KubeJob;
  /** The CronJob that repeats it. */
  public readonly cronJob: k8s.KubeCronJob;

  constructor(scope: Construct, id: string, props: ConvergingJobProps) {
    super(scope, id);
    if (props.name.length > 52) throw new Error(`ConvergingJob "${props.name}": name longer than 52 characters`);
    const interval = props.intervalMinutes ?? 15;
    if (!INTERVALS_MINUTES.includes(interval)) {
      throw new Error(`ConvergingJob "${props.name}": intervalMinutes must be one of ${INTERVALS_MINUTES.join(', ')}, got ${interval}`);
    }
    const backoffLimit = props.backoffLimit ?? 6;
    const metadata = { name: props.name, namespace: props.namespace };

    const installSpec: k8s.JobSpec = { backoffLimit, activeDeadlineSeconds: props.installDeadlineSeconds ?? 1800, template: props.template };
    this.job = new k8s.KubeJob(this, 'job', {
      metadata: { ...metadata, name: versionedName(props.name, installSpec, ...(props.referencedContent ?? [])) },
      spec: installSpec,
    });

    this.cronJob = new k8s.KubeCronJob(this, 'cron-job', {
      metadata,
      spec: {
        schedule: interval === 60 ? '0 * * * *' : `*/${interval} * * * *`,
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: STARTING_DEADLINE_SECONDS,
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          // A run started as late as the starting deadline still ends before the next one is due.
          spec: { backoffLimit, activeDeadlineSeconds: interval * 60 - STARTING_DEADLINE_SECONDS, template: props.template },
        },
      },
    });
  }
}
