import { PROMETHEUS_PLUGIN, PROMETHEUS_PLUGIN_PIN } from '../../lib/ci/prometheus-plugin-facts';
import { imageTag } from '../../lib/core/image';
import { SCRAPE_JOBS } from '../../lib/monitoring/scrape-jobs';
import { NAMESPACE } from '../../lib/platform/stack-namespaces';
import { ENVIRONMENTS, renderEnvironment } from '../support/render';
import { jcasc } from './support';

/** `2.555.3` < `2.479.3`? Compares dotted numeric versions. */
function atLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

test('version comparison', () => {
  expect(atLeast('2.555.3', '2.479.3')).toBe(true);
  expect(atLeast('2.479.2', '2.479.3')).toBe(false);
});

describe.each(ENVIRONMENTS)('%s: Jenkins metrics', env => {
  const { config, objects, charts } = renderEnvironment(env);

  test('the controller core is at least the plugin\'s minimum', () => {
    if (!config.ci.enabled) return;
    const core = imageTag(config.ci.controller.image)!.split('-')[0];
    expect(atLeast(core, PROMETHEUS_PLUGIN.minimumCore)).toBe(true);
  });

  test('with monitoring, the plugin is pinned and Prometheus scrapes the controller at /<prefix>/prometheus/ through a flow', () => {
    if (!config.ci.enabled || !config.monitoring.enabled) return;
    if (config.ci.plugins.install === 'initContainer') expect(config.ci.plugins.pins).toContain(PROMETHEUS_PLUGIN_PIN);
    const ci = charts.find(c => c.name === 'ci')!.objects;
    expect(jcasc(ci).unclassified.prometheusConfiguration.path).toBe(PROMETHEUS_PLUGIN.path);
    const prometheusYml: string = objects.find(o => o.kind === 'ConfigMap' && o.data?.['prometheus.yml'])!.data['prometheus.yml'];
    const job = prometheusYml.split('- job_name: ').find(j => j.startsWith(`${SCRAPE_JOBS.jenkins}\n`));
    expect(job).toContain(`metrics_path: ${config.ci.controller.pathPrefix ?? ''}/prometheus/`);
    const ingress = objects.filter(o => o.kind === 'NetworkPolicy' && o.metadata.namespace === NAMESPACE.ci && /^prometheus-to-jenkins/.test(o.metadata.name));
    expect(ingress.map(p => p.spec.ingress[0].ports)).toEqual([[{ port: 8080, protocol: 'TCP' }]]);
  });
});
