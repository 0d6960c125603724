import { JsonPatch, Testing } from 'cdk8s';
import { k8s } from '../../lib/core/k8s';
import { ClaimTemplate, PersistentStatefulSet, RETAIN_CLAIMS, volumeClaimTemplate } from '../../lib/core/stateful-set';

const spec: k8s.StatefulSetSpec = {
  serviceName: 'db', selector: { matchLabels: { app: 'db' } },
  template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'db:1' }] } },
};

function render(claims: ClaimTemplate[]): any {
  const chart = Testing.chart();
  new PersistentStatefulSet(chart, 'db', { metadata: { name: 'db' }, spec, claims });
  return Testing.synth(chart)[0];
}

describe('volume claims', () => {
  test('one ReadWriteOnce claim of the requested size and class, labelled when asked', () => {
    const claim = volumeClaimTemplate('data', { size: '10Gi', storageClassName: 'fast' }, { app: 'db' });
    expect(claim.metadata).toEqual({ name: 'data', labels: { app: 'db' } });
    expect(claim.spec!.accessModes).toEqual(['ReadWriteOnce']);
    expect(claim.spec!.storageClassName).toBe('fast');
    expect(claim.spec!.resources!.requests!.storage.value).toBe('10Gi');
  });

  test('no class means the cluster default: the field is left out', () => {
    expect(volumeClaimTemplate('data', { size: '1Gi' }).spec!.storageClassName).toBeUndefined();
  });

  test('claims are retained on deletion and on scale-down', () => {
    expect(RETAIN_CLAIMS).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
  });
});

describe('PersistentStatefulSet', () => {
  test('every claim template is typed as a PersistentVolumeClaim, its metadata and spec as given', () => {
    const sts = render([{ name: 'data', storage: { size: '10Gi', storageClassName: 'fast' }, labels: { app: 'db' } }, { name: 'logs', storage: { size: '1Gi' } }]);
    expect(sts.spec.volumeClaimTemplates.map((t: any) => [t.apiVersion, t.kind, t.metadata.name]))
      .toEqual([['v1', 'PersistentVolumeClaim', 'data'], ['v1', 'PersistentVolumeClaim', 'logs']]);
    expect(sts.spec.volumeClaimTemplates[0].metadata.labels).toEqual({ app: 'db' });
    expect(sts.spec.volumeClaimTemplates[0].spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '10Gi' } } });
    // The type fields lead, as in `kubectl get -o yaml`.
    expect(Object.keys(sts.spec.volumeClaimTemplates[0])).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
  });

  test('the claims are retained, and the rest of the spec is kept', () => {
    const sts = render([{ name: 'data', storage: { size: '1Gi' } }]);
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual(RETAIN_CLAIMS);
    expect(sts.spec).toMatchObject({ serviceName: 'db', selector: { matchLabels: { app: 'db' } } });
  });

  test('no claims is refused, naming the construct: it would hold no data', () => {
    expect(() => render([])).toThrow('/db: a PersistentStatefulSet needs at least one claim');
  });

  test('the generated KubeStatefulSet drops the type fields, which is why this class adds them after serialising', () => {
    const chart = Testing.chart();
    const plain = new k8s.KubeStatefulSet(chart, 'db', { metadata: { name: 'db' }, spec: { ...spec, volumeClaimTemplates: [volumeClaimTemplate('data', { size: '1Gi' })] } });
    plain.addJsonPatch(JsonPatch.add('/spec/volumeClaimTemplates/0/kind', 'PersistentVolumeClaim'));
    expect(Testing.synth(chart)[0].spec.volumeClaimTemplates[0].kind).toBeUndefined();
  });
});
