import { Testing } from 'cdk8s';
import { NamespaceQuota, NamespaceQuotaSpec } from '../../lib/platform/namespace-quota';
import { find, KubeObject } from '../support/render';

const quota: NamespaceQuotaSpec = {
  requests: { cpu: '4', memory: '8Gi' },
  limits: { cpu: '8', memory: '16Gi' },
  pods: 50,
  persistentVolumeClaims: 0,
  storage: '0',
  containerDefaults: { request: { cpu: '100m', memory: '128Mi' }, limit: { cpu: '1', memory: '512Mi' } },
};

function synth(): KubeObject[] {
  const chart = Testing.chart();
  new NamespaceQuota(chart, 'quota', { namespace: 'team', quota });
  return Testing.synth(chart) as KubeObject[];
}

describe('NamespaceQuota', () => {
  const objects = synth();

  test('a ResourceQuota named quota holds every ceiling, zero counts included', () => {
    expect(find(objects, 'ResourceQuota', 'quota', 'team').spec.hard).toEqual({
      'requests.cpu': '4', 'requests.memory': '8Gi', 'limits.cpu': '8', 'limits.memory': '16Gi',
      'pods': 50, 'persistentvolumeclaims': 0, 'requests.storage': '0',
    });
  });

  test('a LimitRange gives containers without resources the defaults', () => {
    expect(find(objects, 'LimitRange', 'container-defaults', 'team').spec.limits).toEqual([{
      type: 'Container',
      defaultRequest: { cpu: '100m', memory: '128Mi' },
      default: { cpu: '1', memory: '512Mi' },
    }]);
  });

  test('nothing else', () => {
    expect(objects.map(o => o.kind)).toEqual(['ResourceQuota', 'LimitRange']);
  });
});
