import { KubeStateMetrics, KubeStateMetricsProps, KUBE_STATE_METRICS_IMAGE, KUBE_STATE_METRICS_RESOURCES } from '../../lib/monitoring/kube-state-metrics';
import { Peer } from '../../lib/network/peer';
import { firstContainer, synthIn } from './support';

const minimal: KubeStateMetricsProps = {
  namespace: 'monitoring', image: 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.10.1', resources: { cpu: '50m', memory: '128Mi' },
  apiServer: Peer.ipBlock('kube-apiserver', ['10.0.0.0/24']), apiServerPorts: [6443], partOf: 'monitoring',
};
const synth = () => synthIn(chart => new KubeStateMetrics(chart, 'ksm', minimal));

describe('KubeStateMetrics', () => {
  test('exports exactly the resources its ClusterRole may list and watch, and never Secrets or ConfigMaps', () => {
    const { of } = synth();
    const rules = of('ClusterRole')[0].rules;
    expect(rules.every((r: any) => JSON.stringify(r.verbs) === '["list","watch"]')).toBe(true);
    const granted = rules.flatMap((r: any) => r.resources).sort();
    const arg = firstContainer(of('Deployment')[0]).args.find((a: string) => a.startsWith('--resources='));
    expect(arg.slice('--resources='.length).split(',')).toEqual(granted);
    expect(granted).not.toContain('secrets');
    expect(granted).not.toContain('configmaps');
    expect(Object.keys(KUBE_STATE_METRICS_RESOURCES)).toContain('autoscaling');
  });

  test('probes the health endpoint on the port the image serves metrics on', () => {
    const c = firstContainer(synth().of('Deployment')[0]);
    expect(c.ports.map((p: any) => p.containerPort)).toEqual([KUBE_STATE_METRICS_IMAGE.port, KUBE_STATE_METRICS_IMAGE.telemetryPort]);
    expect(c.readinessProbe.httpGet).toEqual({ path: KUBE_STATE_METRICS_IMAGE.healthzPath, port: 'http-metrics' });
    expect(c.livenessProbe.httpGet).toEqual({ path: KUBE_STATE_METRICS_IMAGE.healthzPath, port: 'http-metrics' });
  });

  test('one replica, its token mounted, restricted as nobody, and a flow to the API server', () => {
    const { of, construct } = synth();
    const d = of('Deployment')[0];
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.template.spec).toMatchObject({ serviceAccountName: 'kube-state-metrics', automountServiceAccountToken: true, securityContext: { runAsUser: KUBE_STATE_METRICS_IMAGE.uid } });
    expect(of('NetworkPolicy')[0].spec.egress[0].ports).toEqual([{ port: 6443, protocol: 'TCP' }]);
    expect(construct.scrapeTarget.port).toBe(KUBE_STATE_METRICS_IMAGE.port);
  });
});
