import { hostSpread, zoneSpread } from '../../lib/core/scheduling';

const selector = { 'app.kubernetes.io/name': 'web' };

describe('topology spread', () => {
  test('nodes strictly, zones best effort, skew 1', () => {
    expect(hostSpread(selector)).toMatchObject({ topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', maxSkew: 1, labelSelector: { matchLabels: selector } });
    expect(zoneSpread(selector)).toMatchObject({ topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 1 });
  });

  test('per revision counts only pods of the same Deployment revision; otherwise every pod of the selector', () => {
    expect(zoneSpread(selector, { perRevision: true }).matchLabelKeys).toEqual(['pod-template-hash']);
    expect(zoneSpread(selector).matchLabelKeys).toBeUndefined();
  });
});
