import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { EXPORTER_METRICS, TARGET_METRICS } from '../../lib/monitoring/exporter-metrics';
import { ALERT_RULE_GROUPS, alertRuleFiles, alertRuleMetrics } from '../../lib/monitoring/rules';
import { SCRAPE_JOBS } from '../../lib/monitoring/scrape-jobs';
import { promtoolTestFile, templateLabels } from './alert-case';
import { ALERT_CASES } from './alert-cases';
import { run, withFiles } from './tools';

const files = alertRuleFiles();

describe.each(ALERT_RULE_GROUPS.map(group => [group.name, group] as const))('rule group %s', (_, group) => {
  const cases = ALERT_CASES[group.name] ?? [];

  test('passes promtool check rules', () => {
    const result = withFiles({ [group.file]: files[group.file] }, dir => run('promtool', ['check', 'rules', path.join(dir, group.file)]));
    expect(result.output).toContain(`SUCCESS: ${group.rules.length} rules found`);
    expect(result.status).toBe(0);
  });

  test('every alert fires on its synthetic series and stays quiet on healthy ones (promtool test rules)', () => {
    const result = withFiles({ [group.file]: files[group.file] }, dir => withFiles({}, testDir => {
      const testFile = path.join(testDir, 'tests.yaml');
      fs.writeFileSync(testFile, promtoolTestFile(group, path.join(dir, group.file), cases));
      return run('promtool', ['test', 'rules', testFile]);
    }));
    if (result.status !== 0) throw new Error(`promtool test rules failed for ${group.file}:\n${result.output}`);
    expect(result.output).toContain('SUCCESS');
  });

  test('every rule has a firing case and every alert name a quiet case', () => {
    for (const rule of group.rules) {
      const firing = cases.filter(c => c.alert === rule.alert && c.fires.some(f => f.severity === rule.severity));
      expect({ rule: `${rule.alert} (${rule.severity})`, firing: firing.length > 0 }).toEqual({ rule: `${rule.alert} (${rule.severity})`, firing: true });
    }
    for (const alert of new Set(group.rules.map(r => r.alert))) {
      expect({ alert, quiet: cases.some(c => c.alert === alert && c.fires.length === 0) }).toEqual({ alert, quiet: true });
    }
    const names = new Set(group.rules.map(r => r.alert));
    expect(cases.map(c => c.alert).filter(a => !names.has(a))).toEqual([]);
  });
});

test('every rule group has test cases, and no cases name an unknown group', () => {
  expect(Object.keys(ALERT_CASES).sort()).toEqual(ALERT_RULE_GROUPS.map(g => g.name).sort());
});

test('rule files: one group each, named after the file, every rule with severity, summary and description', () => {
  expect(Object.keys(files).sort()).toEqual(ALERT_RULE_GROUPS.map(g => `${g.name}.rules.yaml`).sort());
  for (const [file, text] of Object.entries(files)) {
    const doc = parse(text) as { groups: { name: string; rules: Record<string, any>[] }[] };
    expect(doc.groups).toHaveLength(1);
    expect(`${doc.groups[0].name}.rules.yaml`).toBe(file);
    for (const rule of doc.groups[0].rules) {
      expect(['warning', 'critical']).toContain(rule.labels.severity);
      expect(Object.keys(rule.annotations).sort()).toEqual(['description', 'summary']);
      expect(rule.annotations.description.length).toBeGreaterThan(40);
      // Annotations use only {{ $labels.<name> }}: the test cases expand them the way Prometheus does.
      expect(() => templateLabels(rule.annotations.summary)).not.toThrow();
      expect(() => templateLabels(rule.annotations.description)).not.toThrow();
    }
  }
});

test('a warning and a critical rule sharing an alert name differ only in threshold, timing and wording', () => {
  const byName = new Map<string, string[]>();
  for (const group of ALERT_RULE_GROUPS) for (const rule of group.rules) byName.set(rule.alert, [...byName.get(rule.alert) ?? [], rule.severity]);
  for (const [alert, severities] of byName) {
    expect({ alert, severities: [...new Set(severities)].length }).toEqual({ alert, severities: severities.length });
  }
});

describe('metrics the rules use', () => {
  const byJob = new Map<string, readonly string[]>(Object.values(EXPORTER_METRICS).map(e => [e.job, e.metrics]));

  test('every selector names a declared scrape job that produces the metric, or is a per-target series', () => {
    const unknown = alertRuleMetrics().flatMap(rule => rule.metrics
      .filter(m => m.job === undefined ? !(TARGET_METRICS as readonly string[]).includes(m.metric)
        : !(TARGET_METRICS as readonly string[]).includes(m.metric) && !byJob.get(m.job)?.includes(m.metric))
      .map(m => `${rule.alert}: ${m.metric}{job=${m.job}}`));
    expect(unknown).toEqual([]);
  });

  test('every exporter list belongs to a scrape job of the contract and cites its source', () => {
    const jobs = Object.values(SCRAPE_JOBS) as string[];
    for (const exporter of Object.values(EXPORTER_METRICS)) {
      expect(jobs).toContain(exporter.job);
      for (const source of exporter.sources) {
        expect(source.repo).toMatch(/^[\w.-]+\/[\w.-]+$/);
        expect(source.tag).not.toBe('');
        expect(source.files.length).toBeGreaterThan(0);
      }
    }
  });

  test('the metric list per rule is what its expression selects', () => {
    const notReady = alertRuleMetrics().find(r => r.alert === 'KubePodNotReady')!;
    expect(notReady.metrics).toEqual([
      { metric: 'kube_pod_status_ready', job: SCRAPE_JOBS.kubeStateMetrics },
      { metric: 'kube_pod_status_phase', job: SCRAPE_JOBS.kubeStateMetrics },
    ]);
    expect(alertRuleMetrics().find(r => r.alert === 'TargetDown')!.metrics).toEqual([{ metric: 'up' }]);
  });
});

test('docs/monitoring.md lists every alert with its severity, and nothing else', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'monitoring.md'), 'utf8');
  const rows = [...doc.matchAll(/^\| `([A-Za-z]+)` \| (warning|critical) \|/gm)].map(m => `${m[1]} ${m[2]}`);
  expect(rows.sort()).toEqual(ALERT_RULE_GROUPS.flatMap(g => g.rules.map(r => `${r.alert} ${r.severity}`)).sort());
});
