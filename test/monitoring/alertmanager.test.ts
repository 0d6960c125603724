import { parse } from 'yaml';
import { Alertmanager, AlertmanagerProps, ALERTMANAGER_IMAGE, DEFAULT_ALERTMANAGER_CONFIG } from '../../lib/monitoring/alertmanager';
import { Peer } from '../../lib/network/peer';
import { firstContainer, synthIn } from './support';
import { runOnFile } from './tools';

const minimal: AlertmanagerProps = {
  namespace: 'monitoring', image: 'quay.io/prometheus/alertmanager:v0.28.1', replicas: 1,
  resources: { cpu: '50m', memory: '64Mi' }, storage: { size: '1Gi' }, partOf: 'monitoring',
};
const synth = (props: Partial<AlertmanagerProps> = {}) => synthIn(chart => new Alertmanager(chart, 'am', { ...minimal, ...props }));

describe('Alertmanager', () => {
  test('one replica: clustering off, no mesh ports, no mesh flow, no PDB', () => {
    const { of } = synth();
    const c = firstContainer(of('StatefulSet')[0]);
    expect(c.args).toEqual([`--config.file=${ALERTMANAGER_IMAGE.configFile}`, `--storage.path=${ALERTMANAGER_IMAGE.dataDir}`, '--enable-feature=auto-gomemlimit', '--cluster.listen-address=']);
    expect(c.ports.map((p: any) => p.name)).toEqual(['http']);
    expect(of('NetworkPolicy')).toEqual([]);
    expect(of('PodDisruptionBudget')).toEqual([]);
  });

  test('three replicas: each peer lists every pod through the headless Service and gossips on TCP and UDP through a declared flow', () => {
    const { of } = synth({ replicas: 3 });
    const sts = of('StatefulSet')[0];
    const c = firstContainer(sts);
    expect(c.args.filter((a: string) => a.startsWith('--cluster.peer='))).toEqual([0, 1, 2].map(i => `--cluster.peer=alertmanager-${i}.alertmanager-headless.monitoring.svc:9094`));
    expect(c.args).toContain('--cluster.advertise-address=$(POD_IP):9094');
    expect(of('Service', 'alertmanager-headless')[0].spec.publishNotReadyAddresses).toBe(true);
    const ingress = of('NetworkPolicy', 'alertmanager-mesh-ingress')[0];
    expect(ingress.spec.podSelector.matchLabels).toEqual(sts.spec.selector.matchLabels);
    expect(ingress.spec.ingress[0]).toEqual({ from: [{ podSelector: { matchLabels: sts.spec.selector.matchLabels } }], ports: [{ port: 9094, protocol: 'TCP' }, { port: 9094, protocol: 'UDP' }] });
    expect(of('PodDisruptionBudget')).toHaveLength(1);
  });

  test('keeps its volumes, runs as the image\'s nobody with a read-only root', () => {
    const sts = synth().of('StatefulSet')[0];
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(sts.spec.template.spec.securityContext).toMatchObject({ runAsUser: ALERTMANAGER_IMAGE.uid, fsGroup: ALERTMANAGER_IMAGE.uid });
    expect(firstContainer(sts).volumeMounts).toContainEqual({ name: 'data', mountPath: ALERTMANAGER_IMAGE.dataDir });
  });

  test('without receivers: the rendered default config, which passes amtool and inhibits warning by critical', () => {
    expect(synth().of('ConfigMap')[0].data['alertmanager.yml']).toBe(DEFAULT_ALERTMANAGER_CONFIG);
    expect(runOnFile('amtool', ['check-config'], 'alertmanager.yml', DEFAULT_ALERTMANAGER_CONFIG)).toMatchObject({ status: 0 });
    expect(parse(DEFAULT_ALERTMANAGER_CONFIG).inhibit_rules[0]).toMatchObject({ source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'] });
  });

  test('a given config is mounted and rolls the pods; each receiver destination gets a flow', () => {
    const a = synth({ config: 'route: {receiver: x}\nreceivers: [{name: x}]\n', receivers: [{ peer: Peer.ipBlock('smtp', ['10.9.0.0/24']), ports: [587] }] });
    expect(a.of('ConfigMap')[0].data['alertmanager.yml']).toBe('route: {receiver: x}\nreceivers: [{name: x}]\n');
    expect(a.of('NetworkPolicy', 'alertmanager-to-smtp-egress')[0].spec.egress[0]).toEqual({ to: [{ ipBlock: { cidr: '10.9.0.0/24' } }], ports: [{ port: 587, protocol: 'TCP' }] });
    expect(a.of('StatefulSet')[0].spec.template.metadata.annotations).not.toEqual(synth().of('StatefulSet')[0].spec.template.metadata.annotations);
  });
});
