import { ConfigError } from '../../lib/config/validate';
import { environmentInput, render } from '../support/render';

/** The problems of prod with its `backup` section changed. */
function problemsOf(mutate: (backup: any) => void): string[] {
  const input: any = environmentInput('prod');
  mutate(input.backup);
  try {
    render(input);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map(p => `${p.path}: ${p.message}`);
  }
}

describe('backup settings', () => {
  test('prod as written is valid', () => expect(problemsOf(() => {})).toEqual([]));

  test('s3 snapshots need the store\'s addresses for the egress policy', () => {
    expect(problemsOf(b => { delete b.snapshots.cidrs; })).toEqual([expect.stringMatching(/^backup\.snapshots\.cidrs: /)]);
  });

  test('retention keeps at least minCount and at most maxCount', () => {
    expect(problemsOf(b => { b.snapshots.retention = { expireAfterDays: 30, minCount: 10, maxCount: 5 }; }))
      .toEqual(['backup.snapshots.retention.maxCount: expected maxCount >= minCount, got 5']);
  });

  test('an SLM schedule is an Elasticsearch cron, not a five-field one', () => {
    expect(problemsOf(b => { b.snapshots.schedule = '30 1 * * *'; })).toEqual([expect.stringMatching(/^backup\.snapshots\.schedule: expected an Elasticsearch \(Quartz\) cron/)]);
  });

  test('a Velero schedule is a five-field cron', () => {
    expect(problemsOf(b => { b.velero.schedule = '0 0 2 * * ?'; })).toEqual([expect.stringMatching(/^backup\.velero\.schedule: expected a five-field cron/)]);
  });

  test('an unknown repository type names the accepted shapes', () => {
    expect(problemsOf(b => { b.snapshots = { type: 'gcs' }; })).toEqual([expect.stringMatching(/^backup\.snapshots(\.type)?: expected \{ type: "none" \}/)]);
  });

  test('fs snapshots need a shared volume', () => {
    expect(problemsOf(b => { b.snapshots = { type: 'fs', retention: { expireAfterDays: 1, minCount: 1, maxCount: 2 } }; }))
      .toEqual([expect.stringMatching(/^backup\.snapshots\.storage: required/)]);
  });
});
