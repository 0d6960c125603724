import { Testing } from 'cdk8s';
import { k8s } from '../../lib/core/k8s';
import { Autoscaler } from '../../lib/web/autoscaler';

describe('Autoscaler', () => {
  const deployment = () => new k8s.KubeDeployment(Testing.chart(), 'web', {
    metadata: { name: 'web', namespace: 'apps' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } } },
  });

  test('targets its Deployment, at 70 % CPU unless told otherwise', () => {
    const d = deployment();
    const { hpa } = new Autoscaler(d.chart, 'hpa', { deployment: d, minReplicas: 2, maxReplicas: 4 });
    const spec = Testing.synth(d.chart).find(o => o.kind === 'HorizontalPodAutoscaler').spec;
    expect(hpa.name).toBe('web');
    expect(spec).toMatchObject({ scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 4 });
    expect(spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
  });

  test('rejects bounds outside 1 <= minReplicas <= maxReplicas', () => {
    expect(() => new Autoscaler(Testing.chart(), 'hpa', { deployment: deployment(), minReplicas: 3, maxReplicas: 2 }))
      .toThrow('Autoscaler of web: expected 1 <= minReplicas <= maxReplicas, got 3..2');
    expect(() => new Autoscaler(Testing.chart(), 'hpa', { deployment: deployment(), minReplicas: 0, maxReplicas: 2 }))
      .toThrow('expected 1 <= minReplicas <= maxReplicas, got 0..2');
  });
});
