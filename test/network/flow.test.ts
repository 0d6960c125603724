import { Chart, Testing } from 'cdk8s';
import { NetworkFlow } from '../../lib/network/flow';
import { Peer } from '../../lib/network/peer';

describe('NetworkFlow', () => {
  test('a flow between two unmanaged sides is refused: no policy would be rendered', () => {
    const chart = new Chart(Testing.app(), 'test');
    const from = Peer.ipBlock('internet', ['0.0.0.0/0']);
    const to = Peer.foreign('ingress-controller', 'ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' });
    expect(() => new NetworkFlow(chart, 'flow', { from, to, ports: [443] }))
      .toThrow('NetworkFlow internet-to-ingress-controller: neither "internet" nor "ingress-controller" is in a namespace this platform manages, so no policy would be rendered');
  });

  test('only the managed side gets a policy', () => {
    const chart = new Chart(Testing.app(), 'test');
    const flow = new NetworkFlow(chart, 'flow', {
      from: Peer.foreign('ingress-controller', 'ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' }),
      to: Peer.workload('web', 'apps', { 'app.kubernetes.io/name': 'web' }),
      ports: [8080],
    });
    expect(flow.egressPolicy).toBeUndefined();
    expect(flow.ingressPolicy?.name).toBe('ingress-controller-to-web-ingress');
  });
});
