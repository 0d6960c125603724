import { upstreamImage } from '../../lib/core/image';
import { parseQuantity } from '../../lib/core/quantity';
import { schemaError } from '../support/kube-schema';
import { environmentInput } from '../support/render';
import { agentPods, cloud, renderCi, restrictedViolations } from './support';

describe.each(['dev', 'prod'])('%s: agent pod templates', env => {
  const { config, objects } = renderCi(environmentInput(env));
  const pods = agentPods(objects);
  const templates = cloud(objects).templates;

  test('a default jnlp-only template and a build template', () => {
    expect(Object.keys(pods)).toEqual(config.ci.agents.templates.map(t => t.name));
    expect(pods.default.spec.containers.map((c: any) => c.name)).toEqual(['jnlp']);
    expect(pods.nodejs.spec.containers.map((c: any) => c.name)).toEqual(['jnlp', 'node']);
    expect(templates.find((t: any) => t.name === 'default').nodeUsageMode).toBe('NORMAL');
  });

  test.each(Object.keys(pods))('%s: a valid 1.27 Pod that restricted admits', name => {
    expect(schemaError({ ...pods[name], metadata: { ...pods[name].metadata, name } })).toBeUndefined();
    expect(restrictedViolations(pods[name].spec)).toEqual([]);
  });

  test.each(Object.keys(pods))('%s: every container runs as numeric uid 1000 (the image user is a name)', name => {
    const pod = pods[name].spec;
    expect(pod.securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000, runAsNonRoot: true });
    for (const c of pod.containers) expect(c.securityContext.runAsUser).toBe(1000);
  });

  test.each(Object.keys(pods))('%s: pinned jnlp image, working dir, requests = limits, no token', name => {
    const pod = pods[name].spec;
    const jnlp = pod.containers.find((c: any) => c.name === 'jnlp');
    expect(jnlp.image).toBe(config.ci.agents.jnlp.image);
    expect(upstreamImage(jnlp.image, config.images.registry)).toMatch(/^docker\.io\/jenkins\/inbound-agent:\S+-jdk21$/);
    for (const c of pod.containers) {
      expect(c.workingDir).toBe('/home/jenkins/agent');
      expect(c.resources.requests).toEqual(c.resources.limits);
    }
    expect(jnlp.resources.limits).toEqual(config.ci.agents.jnlp.resources);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe(templates.find((t: any) => t.name === name).serviceAccount);
  });

  test.each(Object.keys(pods))('%s: fits the ci-agents quota', name => {
    const quota = config.ci.agents.quota;
    const sum = (resource: 'cpu' | 'memory') => pods[name].spec.containers.reduce((total: number, c: any) => total + parseQuantity(c.resources.limits[resource]), 0);
    for (const resource of ['cpu', 'memory'] as const) {
      expect(sum(resource)).toBeLessThanOrEqual(parseQuantity(quota.requests[resource]));
      expect(sum(resource)).toBeLessThanOrEqual(parseQuantity(quota.limits[resource]));
    }
  });
});
