import { Testing } from 'cdk8s';
import { ConvergingJob } from '../lib/core/converging-job';
import { diffObjects } from '../lib/review/object-diff';
import { assessRisks } from '../lib/review/risk';
import { ENVIRONMENTS, environmentInput, KubeObject, ofKind, render, renderEnvironment } from './support/render';

const key = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;

/**
 * A Job's pod template is immutable: re-applying a Job under the same name with another template
 * is refused by the API server. So any change to what a Job runs must give it a new name.
 * A CronJob's template is mutable: it keeps its name and apply updates it in place.
 */
describe('Jobs are never updated in place, CronJobs are', () => {
  const base = render(environmentInput('prod'));

  function changed(mutate: (input: any) => void) {
    const input: any = environmentInput('prod');
    mutate(input);
    return render(input);
  }

  test.each([
    ['the kubectl image', (c: any) => { c.images.kubectl = 'docker.io/alpine/k8s:1.27.15'; }],
    ['the Elasticsearch image', (c: any) => {
      c.logging.elasticsearch.image = 'docker.elastic.co/elasticsearch/elasticsearch:8.19.22';
      c.logging.kibana.image = 'docker.elastic.co/kibana/kibana:8.19.22';
    }],
    ['the retention', (c: any) => { c.logging.retentionDays = 31; }],
  ])('changing %s never reuses a Job name with a different template, and updates the CronJobs in place', (_, mutate) => {
    const head = changed(mutate);
    const before = new Map(ofKind(base.objects, 'Job').map(j => [key(j), JSON.stringify(j.spec)]));
    const after = ofKind(head.objects, 'Job');
    const reused = after.filter(j => before.has(key(j)) && before.get(key(j)) !== JSON.stringify(j.spec));
    expect(reused.map(j => j.metadata.name)).toEqual([]);
    // and the change did reach some Job, so the assertion above was exercised
    expect(after.some(j => !before.has(key(j)))).toBe(true);

    expect(ofKind(head.objects, 'CronJob').map(key)).toEqual(ofKind(base.objects, 'CronJob').map(key));
    const diff = diffObjects(base.objects, head.objects);
    expect(diff.changed.some(c => c.after.kind === 'CronJob')).toBe(true);
    expect(assessRisks(diff, base.objects).filter(f => f.severity === 'refused')).toEqual([]);
  });

  test('an unchanged config renders the same Job names', () => {
    expect(ofKind(render(environmentInput('prod')).objects, 'Job').map(j => j.metadata.name))
      .toEqual(ofKind(base.objects, 'Job').map(j => j.metadata.name));
  });
});

/**
 * A one-shot Job fails for good once its deadline or backoff is used up, and re-applying it is a
 * no-op. Setup must converge anyway, and repair drift later: a CronJob repeats every Job.
 */
describe.each(ENVIRONMENTS)('%s: every Job is repeated by a CronJob until its work holds', env => {
  const objects = renderEnvironment(env).objects;
  const jobs = ofKind(objects, 'Job');
  const cronJobs = ofKind(objects, 'CronJob');

  test('each Job <name>-<hash> has a CronJob <name> running the same pod, and nothing else is scheduled', () => {
    expect(jobs.length).toBeGreaterThan(0);
    const pairs = jobs.map(job => {
      const cron = cronJobs.find(c => c.metadata.namespace === job.metadata.namespace && job.metadata.name === `${c.metadata.name}-${job.metadata.name.slice(-8)}`);
      expect(cron?.spec.jobTemplate.spec.template).toEqual(job.spec.template);
      expect(cron?.spec.jobTemplate.spec.backoffLimit).toBe(job.spec.backoffLimit);
      return cron;
    });
    expect(new Set(pairs).size).toBe(cronJobs.length);
  });

  test.each(cronJobs.map(c => [key(c), c]))('%s retries every 15 minutes, never overlapping, with bounded runs and history', (_, cron) => {
    const spec = (cron as KubeObject).spec;
    expect(spec).toMatchObject({
      schedule: '*/15 * * * *',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 3,
    });
    expect(spec.suspend).toBeUndefined();
    // a run started as late as allowed still ends before the next one is due
    expect(spec.startingDeadlineSeconds + spec.jobTemplate.spec.activeDeadlineSeconds).toBeLessThanOrEqual(15 * 60);
    expect((cron as KubeObject).metadata.name.length).toBeLessThanOrEqual(52);
  });
});

describe('ConvergingJob', () => {
  const template = { metadata: { labels: { app: 'x' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'x', image: 'x:1' }] } };

  function synth(props: Partial<ConstructorParameters<typeof ConvergingJob>[2]>): KubeObject[] {
    const chart = Testing.chart();
    new ConvergingJob(chart, 'x', { name: 'setup', namespace: 'ns', template, ...props });
    return Testing.synth(chart) as KubeObject[];
  }

  test('the interval sets the schedule and each run\'s deadline', () => {
    expect(ofKind(synth({ intervalMinutes: 30 }), 'CronJob')[0].spec).toMatchObject({ schedule: '*/30 * * * *', jobTemplate: { spec: { activeDeadlineSeconds: 1500 } } });
    expect(ofKind(synth({ intervalMinutes: 60 }), 'CronJob')[0].spec.schedule).toBe('0 * * * *');
  });

  test('what the pod runs is part of the install Job\'s name, not of the CronJob\'s', () => {
    const a = synth({ referencedContent: ['echo a'] });
    const b = synth({ referencedContent: ['echo b'] });
    expect(ofKind(a, 'Job')[0].metadata.name).not.toBe(ofKind(b, 'Job')[0].metadata.name);
    expect(ofKind(a, 'CronJob')[0].metadata.name).toBe('setup');
    expect(ofKind(b, 'CronJob')[0].metadata.name).toBe('setup');
  });

  test('rejects intervals that do not divide the hour or leave a run too little time, and names too long for the CronJob controller', () => {
    expect(() => synth({ intervalMinutes: 7 })).toThrow('ConvergingJob "setup": intervalMinutes must be one of 10, 12, 15, 20, 30, 60, got 7');
    expect(() => synth({ intervalMinutes: 5 })).toThrow('got 5');
    expect(() => synth({ name: 'x'.repeat(53) })).toThrow('name longer than 52 characters');
    expect(() => synth({ name: 'x'.repeat(52) })).not.toThrow();
  });
});
