import { diffObjects } from '../../lib/review/object-diff';
import { assessRisks, dataNamespaces } from '../../lib/review/risk';
import { KubeObject } from '../../lib/core/kube-object';
import { claim, configMap, deployment, edited, namespace, service } from './objects';

function risks(base: KubeObject[], head: KubeObject[]) {
  return assessRisks(diffObjects(base, head), base).map((r) => ({ severity: r.severity, object: `${r.object.kind}/${r.object.metadata.name}`, path: r.path }));
}

const statefulSet: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'elasticsearch', namespace: 'logging' },
  spec: {
    serviceName: 'elasticsearch',
    podManagementPolicy: 'Parallel',
    selector: { matchLabels: { 'app.kubernetes.io/name': 'elasticsearch' } },
    template: { metadata: { labels: { 'app.kubernetes.io/name': 'elasticsearch' } }, spec: { containers: [{ name: 'es', image: 'elasticsearch:8.13.4' }] } },
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: '50Gi' } } } }],
  },
};

describe('immutable fields', () => {
  test('a Deployment selector change is refused', () => {
    const web = deployment('apps', 'web');
    const relabelled = edited(web, (d) => { d.spec.selector.matchLabels['app.kubernetes.io/instance'] = 'apps'; });
    expect(risks([web], [relabelled])).toEqual([{ severity: 'refused', object: 'Deployment/web', path: 'spec.selector' }]);
  });

  test('StatefulSet volumeClaimTemplates, serviceName and podManagementPolicy are refused; its template is not', () => {
    const after = edited(statefulSet, (s) => {
      s.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '100Gi';
      s.spec.serviceName = 'es';
      s.spec.podManagementPolicy = 'OrderedReady';
      s.spec.template.spec.containers[0].image = 'elasticsearch:8.14.0';
    });
    expect(risks([statefulSet], [after]).map((r) => r.path)).toEqual(['spec.volumeClaimTemplates', 'spec.serviceName', 'spec.podManagementPolicy']);
  });

  test('typing the claim templates (apiVersion, kind) is no change to the API server; anything else in them still is', () => {
    const typed = edited(statefulSet, (s) => { Object.assign(s.spec.volumeClaimTemplates[0], { apiVersion: 'v1', kind: 'PersistentVolumeClaim' }); });
    expect(risks([statefulSet], [typed])).toEqual([]);
    const typedAndGrown = edited(typed, (s) => { s.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '100Gi'; });
    expect(risks([statefulSet], [typedAndGrown]).map((r) => r.path)).toEqual(['spec.volumeClaimTemplates']);
  });

  test('a Service clusterIP change is refused', () => {
    const headless = service('logging', 'elasticsearch-headless', { clusterIP: 'None' });
    const after = edited(headless, (s) => { delete s.spec.clusterIP; });
    expect(risks([headless], [after])).toEqual([{ severity: 'refused', object: 'Service/elasticsearch-headless', path: 'spec.clusterIP' }]);
  });

  test('a Job pod template change is refused', () => {
    const job: KubeObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'bootstrap', namespace: 'ci' }, spec: { template: { spec: { containers: [{ name: 'run', image: 'bootstrap:1.0.0' }] } } } };
    const after = edited(job, (j) => { j.spec.template.spec.containers[0].image = 'bootstrap:1.0.1'; });
    expect(risks([job], [after])).toEqual([{ severity: 'refused', object: 'Job/bootstrap', path: 'spec.template' }]);
  });

  test('an image bump or a replica change needs no care', () => {
    const web = deployment('apps', 'web');
    expect(risks([web], [edited(web, (d) => { d.spec.replicas = 5; d.spec.template.spec.containers[0].image = 'nginx:1.27.1'; })])).toEqual([]);
  });
});

describe('PersistentVolumeClaims', () => {
  test('a size decrease is refused, across units', () => {
    expect(risks([claim('ci', 'cache', '1Gi')], [claim('ci', 'cache', '900Mi')])).toEqual([
      { severity: 'refused', object: 'PersistentVolumeClaim/cache', path: 'spec.resources.requests.storage' },
    ]);
  });

  test('a size increase is allowed', () => {
    expect(risks([claim('ci', 'cache', '10Gi')], [claim('ci', 'cache', '20Gi')])).toEqual([]);
  });

  test('a storage class change is refused', () => {
    expect(risks([claim('ci', 'cache', '10Gi', 'standard')], [claim('ci', 'cache', '10Gi', 'fast')])).toEqual([
      { severity: 'refused', object: 'PersistentVolumeClaim/cache', path: 'spec.storageClassName' },
    ]);
  });
});

describe('deletions', () => {
  test('deleting a PVC, a StatefulSet or a Namespace is unsafe', () => {
    expect(risks([claim('ci', 'cache', '1Gi'), statefulSet, namespace('old')], [])).toEqual([
      { severity: 'unsafe', object: 'Namespace/old', path: undefined },
      { severity: 'unsafe', object: 'PersistentVolumeClaim/cache', path: undefined },
      { severity: 'unsafe', object: 'StatefulSet/elasticsearch', path: undefined },
    ]);
  });

  test('deleting any object in a namespace that holds data is unsafe; elsewhere it is not', () => {
    const base = [statefulSet, configMap('logging', 'es-config', {}), configMap('apps', 'web-config', {})];
    expect(risks(base, [statefulSet])).toEqual([{ severity: 'unsafe', object: 'ConfigMap/es-config', path: undefined }]);
  });

  test('namespaces hold data through PVCs or StatefulSet volumeClaimTemplates, not a StatefulSet without them', () => {
    const stateless = edited(statefulSet, (s) => { s.metadata.namespace = 'cache'; delete s.spec.volumeClaimTemplates; });
    expect([...dataNamespaces([statefulSet, claim('ci', 'cache', '1Gi'), stateless])].sort()).toEqual(['ci', 'logging']);
  });
});
