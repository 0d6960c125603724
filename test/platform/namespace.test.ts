import { Testing } from 'cdk8s';
import { KUBE_DNS, PlatformNamespace, PlatformNamespaceProps } from '../../lib/platform/namespace';
import { find, KubeObject } from '../support/render';

function synth(props: PlatformNamespaceProps): KubeObject[] {
  const chart = Testing.chart();
  new PlatformNamespace(chart, 'ns', props);
  return Testing.synth(chart) as KubeObject[];
}

const PSS = 'pod-security.kubernetes.io';

describe('PlatformNamespace', () => {
  test('defaults: restricted enforced, audited and warned on at v1.27, no reason annotation', () => {
    const ns = find(synth({ name: 'team' }), 'Namespace', 'team');
    expect(ns.metadata.labels).toEqual({
      [`${PSS}/enforce`]: 'restricted', [`${PSS}/enforce-version`]: 'v1.27',
      [`${PSS}/audit`]: 'restricted', [`${PSS}/audit-version`]: 'v1.27',
      [`${PSS}/warn`]: 'restricted', [`${PSS}/warn-version`]: 'v1.27',
    });
    expect(ns.metadata.annotations).toBeUndefined();
  });

  test('defaults: all traffic denied both ways, DNS allowed to CoreDNS in kube-system only', () => {
    const objects = synth({ name: 'team' });
    expect(find(objects, 'NetworkPolicy', 'default-deny', 'team').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(find(objects, 'NetworkPolicy', 'allow-dns-egress', 'team').spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
      }],
    });
    expect(KUBE_DNS).toEqual({ namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } });
  });

  test('clusterDns points the DNS egress at other pods', () => {
    const policy = find(synth({ name: 'team', clusterDns: { namespace: 'dns', podLabels: { app: 'unbound' } } }), 'NetworkPolicy', 'allow-dns-egress', 'team');
    expect(policy.spec.egress[0].to).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dns' } }, podSelector: { matchLabels: { app: 'unbound' } } }]);
  });

  test('with NodeLocal DNSCache, the DNS rule also allows its addresses, on port 53 only', () => {
    const clusterDns = { ...KUBE_DNS, nodeLocalAddresses: ['169.254.20.10', '10.96.0.10'] };
    const [rule] = find(synth({ name: 'team', clusterDns }), 'NetworkPolicy', 'allow-dns-egress', 'team').spec.egress;
    expect(rule.to.slice(1)).toEqual([{ ipBlock: { cidr: '169.254.20.10/32' } }, { ipBlock: { cidr: '10.96.0.10/32' } }]);
    expect(rule.ports).toEqual([{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }]);
  });

  test('a weaker level is set on every mode and its reason recorded on the namespace', () => {
    const ns = find(synth({ name: 'agents', podSecurity: 'privileged', podSecurityReason: 'reads hostPath logs' }), 'Namespace', 'agents');
    expect([`${PSS}/enforce`, `${PSS}/audit`, `${PSS}/warn`].map(l => ns.metadata.labels![l])).toEqual(['privileged', 'privileged', 'privileged']);
    expect(ns.metadata.annotations).toEqual({ 'platform.internal/pod-security-reason': 'reads hostPath logs' });
  });

  test.each([undefined, '  '])('a weaker level without a reason (%j) is refused', reason => {
    expect(() => synth({ name: 'x', podSecurity: 'baseline', podSecurityReason: reason }))
      .toThrow('Namespace "x": Pod Security level "baseline" needs a podSecurityReason saying which workload requires it and why');
  });
});
