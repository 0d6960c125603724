import { Chart, Testing } from 'cdk8s';
import { k8s } from '../../lib/core/k8s';
import { DisruptionBudget } from '../../lib/core/disruption-budget';

const selector = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' };

function budget(unhealthyPodEviction?: 'AlwaysAllow' | 'IfHealthyBudget') {
  const chart = new Chart(Testing.app(), 'test');
  const workload = new k8s.KubeDeployment(chart, 'deployment', {
    metadata: { name: 'web', namespace: 'apps' },
    spec: { selector: { matchLabels: selector }, template: { metadata: { labels: selector }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
  });
  new DisruptionBudget(chart, 'pdb', { workload, selector, unhealthyPodEviction });
  return Testing.synth(chart).find(o => o.kind === 'PodDisruptionBudget');
}

describe('DisruptionBudget', () => {
  test('named after its workload, one pod at a time, and by default never blocked by an unhealthy pod', () => {
    const pdb = budget();
    expect(pdb.metadata).toMatchObject({ name: 'web', namespace: 'apps' });
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: selector }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
  });

  test('a workload that must protect a not-ready pod says IfHealthyBudget', () => {
    expect(budget('IfHealthyBudget').spec.unhealthyPodEvictionPolicy).toBe('IfHealthyBudget');
  });
});
