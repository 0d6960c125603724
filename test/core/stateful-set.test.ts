import { JsonPatch, Testing } from 'cdk8s';
import { k8s } from '../../lib/core/k8s';
import { volumeClaimTemplate } from '../../lib/core/resources';
import { TypedClaimsStatefulSet } from '../../lib/core/stateful-set';

const spec = (volumeClaimTemplates?: k8s.KubePersistentVolumeClaimProps[]): k8s.StatefulSetSpec => ({
  serviceName: 'db', selector: { matchLabels: { app: 'db' } }, volumeClaimTemplates,
  template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'db:1' }] } },
});

function render(templates?: k8s.KubePersistentVolumeClaimProps[]): any {
  const chart = Testing.chart();
  new TypedClaimsStatefulSet(chart, 'db', { metadata: { name: 'db' }, spec: spec(templates) });
  return Testing.synth(chart)[0];
}

describe('TypedClaimsStatefulSet', () => {
  test('every claim template is typed as a PersistentVolumeClaim, its metadata and spec unchanged', () => {
    const data = volumeClaimTemplate('data', { size: '10Gi', storageClassName: 'fast' });
    const sts = render([data, volumeClaimTemplate('logs', { size: '1Gi' })]);
    expect(sts.spec.volumeClaimTemplates.map((t: any) => [t.apiVersion, t.kind, t.metadata.name]))
      .toEqual([['v1', 'PersistentVolumeClaim', 'data'], ['v1', 'PersistentVolumeClaim', 'logs']]);
    expect(sts.spec.volumeClaimTemplates[0].spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '10Gi' } } });
    // The type fields lead, as in `kubectl get -o yaml`.
    expect(Object.keys(sts.spec.volumeClaimTemplates[0])).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
  });

  test('the generated KubeStatefulSet drops them, which is why this class exists', () => {
    const chart = Testing.chart();
    const plain = new k8s.KubeStatefulSet(chart, 'db', { metadata: { name: 'db' }, spec: spec([volumeClaimTemplate('data', { size: '1Gi' })]) });
    plain.addJsonPatch(JsonPatch.add('/spec/volumeClaimTemplates/0/kind', 'PersistentVolumeClaim'));
    expect(Testing.synth(chart)[0].spec.volumeClaimTemplates[0].kind).toBeUndefined();
  });

  test('a StatefulSet without claims renders none', () => {
    expect(render().spec.volumeClaimTemplates).toBeUndefined();
  });
});
