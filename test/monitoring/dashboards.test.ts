import { parse } from 'yaml';
import { dashboardJson, DashboardSpec, platformDashboards } from '../../lib/monitoring/dashboards';
import { EXPORTER_METRICS, TARGET_METRICS } from '../../lib/monitoring/exporter-metrics';
import { PROMETHEUS_DATASOURCE_UID } from '../../lib/monitoring/grafana';
import { promqlSelectors } from '../../lib/monitoring/promql-selectors';
import { SCRAPE_JOBS } from '../../lib/monitoring/scrape-jobs';
import { ENVIRONMENTS, find, renderEnvironment } from '../support/render';
import { runOnFile } from './tools';

const all = platformDashboards({ logs: true, elasticsearch: true, jenkins: true, webAppsNamespace: 'apps' });
const exprs = (dashboards: readonly DashboardSpec[]) => dashboards.flatMap(d => d.panels.flatMap(p => p.queries.map(q => q.expr)));

/** Metrics no scraped job produces: a query that would always come back empty. */
function unknownMetrics(expressions: readonly string[], scraped: ReadonlySet<string>): string[] {
  const produced = (job: string, metric: string) => Object.values(EXPORTER_METRICS).some(e => e.job === job && (e.metrics as readonly string[]).includes(metric));
  return expressions.flatMap(expr => promqlSelectors(expr).filter(({ metric, job }) => {
    if ((TARGET_METRICS as readonly string[]).includes(metric)) return false;
    return !job || !scraped.has(job) || !produced(job, metric);
  }).map(m => `${m.metric}{job="${m.job ?? ''}"}`));
}

/** `promtool check rules` on every expression as a recording rule: the real PromQL parser. */
function promqlCheck(expressions: readonly string[]) {
  const rules = { groups: [{ name: 'dashboards', rules: expressions.map((expr, i) => ({ record: `dashboard:check:${i}`, expr })) }] };
  return runOnFile('promtool', ['check', 'rules'], 'rules.yaml', JSON.stringify(rules));
}

describe('dashboards', () => {
  test('valid dashboard JSON: unique uids, panels on a grid without overlap, targets on the provisioned Prometheus', () => {
    expect(new Set(all.map(d => d.uid)).size).toBe(all.length);
    for (const spec of all) {
      const json = dashboardJson(spec, PROMETHEUS_DATASOURCE_UID) as any;
      expect(JSON.parse(JSON.stringify(json))).toEqual(json);
      expect(json).toMatchObject({ uid: spec.uid, title: spec.title, schemaVersion: expect.any(Number) });
      const cells = new Set<string>();
      for (const panel of json.panels) {
        expect(panel).toMatchObject({ type: 'timeseries', datasource: { type: 'prometheus', uid: PROMETHEUS_DATASOURCE_UID } });
        expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
        for (let x = panel.gridPos.x; x < panel.gridPos.x + panel.gridPos.w; x++) {
          for (let y = panel.gridPos.y; y < panel.gridPos.y + panel.gridPos.h; y++) {
            expect(cells.has(`${x},${y}`)).toBe(false);
            cells.add(`${x},${y}`);
          }
        }
        expect(new Set(panel.targets.map((t: any) => t.refId)).size).toBe(panel.targets.length);
        for (const t of panel.targets) expect(t.expr.length).toBeGreaterThan(0);
      }
      expect(new Set(json.panels.map((p: any) => p.id)).size).toBe(json.panels.length);
    }
  });

  test('every expression parses with the real promtool', () => {
    const result = promqlCheck(exprs(all));
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  test('component dashboards only when asked for', () => {
    const uids = (options: Parameters<typeof platformDashboards>[0]) => platformDashboards(options).map(d => d.uid);
    expect(uids({ logs: false })).toEqual(['platform-cluster', 'platform-workloads', 'platform-monitoring']);
    expect(uids({ logs: false, elasticsearch: true, jenkins: true })).toEqual(['platform-cluster', 'platform-workloads', 'platform-elasticsearch', 'platform-jenkins', 'platform-monitoring']);
  });

  test('promtool rejects an expression that does not parse', () => {
    expect(promqlCheck(['sum by (node (up)'])).toMatchObject({ status: 1 });
  });

  test('an unknown metric, or a known one without its job, is reported', () => {
    const scraped = new Set<string>(Object.values(SCRAPE_JOBS));
    expect(unknownMetrics(['rate(node_made_up_total{job="node-exporter"}[5m])', 'node_cpu_seconds_total'], scraped))
      .toEqual(['node_made_up_total{job="node-exporter"}', 'node_cpu_seconds_total{job=""}']);
    expect(unknownMetrics(['node_cpu_seconds_total{job="node-exporter"}'], new Set())).toEqual(['node_cpu_seconds_total{job="node-exporter"}']);
  });

  test.each(ENVIRONMENTS)('%s: every metric a provisioned dashboard reads comes from a job this environment scrapes', env => {
    const objects = renderEnvironment(env).charts.find(c => c.name === 'monitoring')!.objects;
    const scraped = new Set<string>(parse(find(objects, 'ConfigMap', 'prometheus-config', 'monitoring').data['prometheus.yml']).scrape_configs.map((s: any) => s.job_name));
    const provisioned = Object.values(find(objects, 'ConfigMap', 'grafana-dashboards', 'monitoring').data as Record<string, string>).map(text => JSON.parse(text));
    const expressions = provisioned.flatMap(d => d.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr)));
    expect(expressions.length).toBeGreaterThan(0);
    expect(unknownMetrics(expressions, scraped)).toEqual([]);
    expect(provisioned.some(d => d.uid === 'platform-logging')).toBe(scraped.has(SCRAPE_JOBS.fluentd));
    expect(provisioned.some(d => d.uid === 'platform-elasticsearch')).toBe(scraped.has(SCRAPE_JOBS.elasticsearch));
    expect(provisioned.some(d => d.uid === 'platform-jenkins')).toBe(scraped.has(SCRAPE_JOBS.jenkins));
    expect(provisioned.some(d => d.uid === 'platform-web-apps')).toBe(scraped.has(SCRAPE_JOBS.webApps));
  });
});
