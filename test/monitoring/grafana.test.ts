import { parse } from 'yaml';
import { DeclaredSecret } from '../../lib/secrets/declared-secret';
import { Grafana, GrafanaProps, GRAFANA_IMAGE } from '../../lib/monitoring/grafana';
import { Peer } from '../../lib/network/peer';
import { RoutingTable } from '../../lib/network/routing-table';
import { firstContainer, synthIn } from './support';

const secret = (name: string, key = 'password') => DeclaredSecret.generated({ name, namespaces: ['monitoring'], keys: { [key]: {} }, description: name });
const props = (extra: Partial<GrafanaProps> = {}): GrafanaProps => ({
  namespace: 'monitoring', image: 'docker.io/grafana/grafana:12.1.1', resources: { cpu: '100m', memory: '256Mi' },
  adminPassword: secret('grafana-admin'),
  secretKey: secret('grafana-secret-key', 'secret-key'),
  route: { table: new RoutingTable('example.com'), subdomain: 'grafana' },
  prometheus: { url: 'http://prometheus.monitoring.svc:9090', pods: Peer.workload('prometheus', 'monitoring', { app: 'prometheus' }), port: 9090 },
  partOf: 'monitoring',
  ...extra,
});
const logs = (tls: boolean) => ({
  url: 'https://elasticsearch.logging.svc:9200', pods: Peer.workload('elasticsearch', 'logging', { app: 'es' }), port: 9200,
  index: 'k8s-logs-*', user: 'grafana_reader', password: secret('grafana-elasticsearch'),
  tlsIssuer: tls ? { kind: 'ClusterIssuer' as const, name: 'platform-ca' } : undefined,
});
const synth = (extra: Partial<GrafanaProps> = {}) => synthIn(chart => new Grafana(chart, 'grafana', props(extra)));
const env = (c: any, name: string) => c.env.find((e: any) => e.name === name);

describe('Grafana', () => {
  test('restricted as the image user, admin password from its Secret, root URL from the route, nothing written under the root', () => {
    const { of, construct } = synth();
    const d = of('Deployment')[0];
    const c = firstContainer(d);
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: GRAFANA_IMAGE.uid });
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(env(c, 'GF_SECURITY_ADMIN_PASSWORD').valueFrom).toEqual({ secretKeyRef: { name: 'grafana-admin', key: 'password' } });
    // Not the well-known default key: data source passwords in the database are encrypted with a generated one.
    expect(env(c, 'GF_SECURITY_SECRET_KEY').valueFrom).toEqual({ secretKeyRef: { name: 'grafana-secret-key', key: 'secret-key' } });
    // A fresh database is migrated on every start: the startup probe gives it 5 minutes before liveness counts.
    expect(c.startupProbe).toMatchObject({ httpGet: { path: GRAFANA_IMAGE.healthPath }, periodSeconds: 10, failureThreshold: 30 });
    expect(env(c, 'GF_SERVER_ROOT_URL').value).toBe(construct.url);
    expect(construct.url).toMatch(/^https:\/\/grafana\.example\.com/);
    expect(c.volumeMounts.map((m: any) => m.mountPath)).toEqual(expect.arrayContaining([GRAFANA_IMAGE.dataDir, '/tmp', `${GRAFANA_IMAGE.provisioningDir}/datasources`]));
  });

  test('no call to the internet, which its egress denies: usage reports, update and news checks, plugins, signing keys, avatars', () => {
    const c = firstContainer(synth().of('Deployment')[0]);
    expect(Object.fromEntries(['GF_ANALYTICS_REPORTING_ENABLED', 'GF_ANALYTICS_CHECK_FOR_UPDATES', 'GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES', 'GF_NEWS_NEWS_FEED_ENABLED',
      'GF_PLUGINS_PREINSTALL_DISABLED', 'GF_PLUGINS_PUBLIC_KEY_RETRIEVAL_DISABLED', 'GF_SECURITY_DISABLE_GRAVATAR'].map(name => [name, env(c, name)?.value]))).toEqual({
      GF_ANALYTICS_REPORTING_ENABLED: 'false', GF_ANALYTICS_CHECK_FOR_UPDATES: 'false', GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES: 'false', GF_NEWS_NEWS_FEED_ENABLED: 'false',
      GF_PLUGINS_PREINSTALL_DISABLED: 'true', GF_PLUGINS_PUBLIC_KEY_RETRIEVAL_DISABLED: 'true', GF_SECURITY_DISABLE_GRAVATAR: 'true',
    });
  });

  test('only Prometheus without logs; its flow to Prometheus', () => {
    const { of, construct } = synth();
    expect(parse(construct.datasources).datasources).toEqual([expect.objectContaining({ type: 'prometheus', url: 'http://prometheus.monitoring.svc:9090', isDefault: true })]);
    expect(of('NetworkPolicy', 'grafana-to-prometheus-ingress')[0].spec.ingress[0].ports).toEqual([{ port: 9090, protocol: 'TCP' }]);
    expect(of('NetworkPolicy').filter(p => p.metadata.name.includes('elasticsearch'))).toEqual([]);
  });

  test('logs: the k8s-logs-* index as the reader user, password from the environment, CA from its own certificate', () => {
    const { of, construct } = synth({ logs: logs(true) });
    const es = parse(construct.datasources).datasources[1];
    expect(es).toMatchObject({ type: 'elasticsearch', url: 'https://elasticsearch.logging.svc:9200', basicAuth: true, basicAuthUser: 'grafana_reader', jsonData: { index: 'k8s-logs-*', tlsAuthWithCACert: true } });
    expect(es.secureJsonData).toEqual({ basicAuthPassword: '$ELASTICSEARCH_PASSWORD', tlsCACert: '$__file{/etc/elasticsearch-ca/ca.crt}' });
    const c = firstContainer(of('Deployment')[0]);
    expect(env(c, 'ELASTICSEARCH_PASSWORD').valueFrom).toEqual({ secretKeyRef: { name: 'grafana-elasticsearch', key: 'password' } });
    expect(c.volumeMounts).toContainEqual({ name: 'elasticsearch-ca', mountPath: '/etc/elasticsearch-ca', readOnly: true });
    expect(of('Certificate')[0].spec.issuerRef).toMatchObject({ kind: 'ClusterIssuer', name: 'platform-ca' });
    expect(of('NetworkPolicy', 'grafana-to-elasticsearch-ingress')[0].metadata.namespace).toBe('logging');
  });

  test('logs over plain HTTP: no CA, no certificate', () => {
    const { of, construct } = synth({ logs: logs(false) });
    expect(parse(construct.datasources).datasources[1].secureJsonData).toEqual({ basicAuthPassword: '$ELASTICSEARCH_PASSWORD' });
    expect(of('Certificate')).toEqual([]);
  });

  test('dashboards: provisioned read-only from their own ConfigMap, and a change rolls the pod', () => {
    const { of } = synth({ dashboards: { 'a.json': '{"uid":"a"}' } });
    expect(of('ConfigMap', 'grafana-dashboards')[0].data).toEqual({ 'a.json': '{"uid":"a"}' });
    const provider = parse(of('ConfigMap', 'grafana-provisioning')[0].data['dashboards.yaml']).providers[0];
    expect(provider).toMatchObject({ type: 'file', allowUiUpdates: false, options: { path: '/etc/grafana/dashboards' } });
    const d = of('Deployment')[0];
    expect(firstContainer(d).volumeMounts).toEqual(expect.arrayContaining([
      { name: 'dashboards', mountPath: '/etc/grafana/dashboards', readOnly: true },
      { name: 'dashboard-providers', mountPath: `${GRAFANA_IMAGE.provisioningDir}/dashboards`, readOnly: true },
    ]));
    expect(d.spec.template.metadata.annotations).not.toEqual(synth().of('Deployment')[0].spec.template.metadata.annotations);
  });
});
