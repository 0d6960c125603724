import { NodeExporter, NodeExporterProps, NODE_EXPORTER_IMAGE, nodeExporterPodSecurity } from '../../lib/monitoring/node-exporter';
import { SCRAPE_JOBS } from '../../lib/monitoring/scrape-jobs';
import { Peer } from '../../lib/network/peer';
import { firstContainer, synthIn } from './support';

const minimal: NodeExporterProps = {
  namespace: 'agents', image: 'quay.io/prometheus/node-exporter:v1.9.1', resources: { cpu: '50m', memory: '64Mi' },
  nodes: Peer.ipBlock('nodes', ['10.0.0.0/20']), partOf: 'monitoring',
};
const synth = (props: Partial<NodeExporterProps> = {}) => synthIn(chart => new NodeExporter(chart, 'ne', { ...minimal, ...props }));

describe('NodeExporter', () => {
  test('on every node, control plane included, in the node\'s network and process namespaces', () => {
    const pod = synth().of('DaemonSet')[0].spec.template.spec;
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.priorityClassName).toBe('system-node-critical');
    expect([pod.hostNetwork, pod.hostPID, pod.dnsPolicy]).toEqual([true, true, 'ClusterFirstWithHostNet']);
  });

  test('runs as the image\'s nobody, no capabilities, and reads the node\'s file systems read-only where its flags point', () => {
    const ds = synth().of('DaemonSet')[0];
    const c = firstContainer(ds);
    expect(ds.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: NODE_EXPORTER_IMAGE.uid });
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    for (const [flag, path] of [['--path.procfs', '/host/proc'], ['--path.sysfs', '/host/sys'], ['--path.rootfs', '/host/root']]) {
      expect(c.args).toContain(`${flag}=${path}`);
      expect(c.volumeMounts).toContainEqual(expect.objectContaining({ mountPath: path, readOnly: true }));
    }
    expect(c.args).toContain(`--collector.filesystem.mount-points-exclude=${NODE_EXPORTER_IMAGE.mountPointsExclude}`);
  });

  test('listens on the node\'s own address only, on the port its scrape target declares, with the node addresses as the flow peer', () => {
    const { construct, of } = synth();
    const c = firstContainer(of('DaemonSet')[0]);
    expect(c.args).toContain(`--web.listen-address=$(HOST_IP):${NODE_EXPORTER_IMAGE.port}`);
    expect(c.env).toEqual([{ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }]);
    expect(construct.scrapeTarget).toMatchObject({ job: SCRAPE_JOBS.nodeExporter, port: NODE_EXPORTER_IMAGE.port, peer: minimal.nodes, discovery: 'pods' });
    expect(construct.scrapeTarget.pods!.podLabels).toEqual(of('DaemonSet')[0].spec.selector.matchLabels);
  });

  test('its namespace must be privileged, and says why', () => {
    expect(nodeExporterPodSecurity()).toEqual({ level: 'privileged', reason: expect.stringMatching(/hostPath.*hostNetwork, hostPID/) });
  });
});
