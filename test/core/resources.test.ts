import { containerResources, RETAIN_CLAIMS, volumeClaimTemplate } from '../../lib/core/resources';

describe('container resources', () => {
  test('the memory limit is the request unless a smaller one is given; a CPU limit only when set', () => {
    const r = containerResources({ cpu: '100m', memory: '256Mi' });
    expect([r.requests!.cpu!.value, r.requests!.memory!.value, r.limits!.memory!.value, r.limits!.cpu]).toEqual(['100m', '256Mi', '256Mi', undefined]);
    const burst = containerResources({ cpu: '100m', memory: '256Mi', memoryRequest: '64Mi', cpuLimit: '1' });
    expect([burst.requests!.memory!.value, burst.limits!.cpu!.value]).toEqual(['64Mi', '1']);
  });
});

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
