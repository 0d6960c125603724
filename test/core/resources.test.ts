import { containerResources } from '../../lib/core/resources';

describe('container resources', () => {
  test('the memory limit is the request unless a smaller one is given; a CPU limit only when set', () => {
    const r = containerResources({ cpu: '100m', memory: '256Mi' });
    expect([r.requests!.cpu!.value, r.requests!.memory!.value, r.limits!.memory!.value, r.limits!.cpu]).toEqual(['100m', '256Mi', '256Mi', undefined]);
    const burst = containerResources({ cpu: '100m', memory: '256Mi', memoryRequest: '64Mi', cpuLimit: '1' });
    expect([burst.requests!.memory!.value, burst.limits!.cpu!.value]).toEqual(['64Mi', '1']);
  });
});
