import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { find, KubeObject, ofKind } from '../support/render';
import { container, env, kibana, secrets, synthOf } from './support';
import { contentHash } from '../../lib/core/hash';
import { CONFIG_HASH_ANNOTATION } from '../../lib/core/platform-keys';
import { Kibana, KIBANA_IMAGE, KIBANA_SETTINGS, kibanaEnvName, KibanaProps } from '../../lib/logging/kibana';
import { RoutingTable } from '../../lib/network/routing-table';

const minimal = (routes: RoutingTable): KibanaProps => ({
  namespace: 'logging',
  image: 'docker.elastic.co/kibana/kibana:8.19.21',
  replicas: 1,
  resources: { cpu: '250m', memory: '1Gi' },
  elasticsearchUrl: 'http://elasticsearch.logging.svc:9200',
  kibanaSystemPassword: secrets.kibanaSystemPassword,
  encryptionKeys: secrets.kibanaEncryptionKeys,
  route: { table: routes, subdomain: 'kibana' },
  partOf: 'logging',
});

/** The objects of one Kibana with `props` over the minimal ones, and the routing table it registered in. */
function render(props: Partial<KibanaProps> = {}): { objects: KubeObject[]; routes: RoutingTable } {
  const routes = new RoutingTable('example.com');
  return { objects: synthOf(chart => new Kibana(chart, 'kibana', { ...minimal(routes), ...props })), routes };
}
const deploymentOf = (props: Partial<KibanaProps> = {}) => kibana(render(props).objects);

/** kibana.yml as the container sees it: the ConfigMap key mounted at the image's settings file. */
function kibanaYml(objects: KubeObject[]): Record<string, unknown> {
  const deployment = kibana(objects);
  const mount = container(deployment).volumeMounts.find((m: any) => m.mountPath === KIBANA_IMAGE.configFile);
  const volume = deployment.spec.template.spec.volumes.find((v: any) => v.name === mount.name);
  return parse(find(objects, 'ConfigMap', volume.configMap.name, 'logging').data[mount.subPath]);
}

/** Keys Kibana would refuse to start on: not in the pinned version's config schemas. */
const unknownKeys = (settings: Record<string, unknown>) => Object.keys(settings).filter(k => !(KIBANA_IMAGE.knownSettings as readonly string[]).includes(k));

/** Variables kibana-docker silently ignores: neither a mapped setting nor Node.js's own NODE_OPTIONS. */
const ignoredEnv = (names: string[]) => names.filter(n => n !== 'NODE_OPTIONS' && !KIBANA_IMAGE.envSettings.map(kibanaEnvName).includes(n));

describe('Kibana defaults (minimal props)', () => {
  const { objects, routes } = render();
  const deployment = kibana(objects);
  const pod = deployment.spec.template.spec;
  const c = container(deployment);

  test('logs in to Elasticsearch as kibana_system with the password from its Secret, never as elastic', () => {
    expect(env(c, 'ELASTICSEARCH_HOSTS').value).toBe('http://elasticsearch.logging.svc:9200');
    expect(env(c, 'ELASTICSEARCH_USERNAME').value).toBe('kibana_system');
    expect(env(c, 'ELASTICSEARCH_PASSWORD').valueFrom).toEqual({ secretKeyRef: { name: 'kibana-system', key: 'password' } });
    expect(JSON.stringify(c.env)).not.toContain('"elastic"');
  });

  test('no CA: no TLS variables, no CA volume', () => {
    expect(env(c, 'ELASTICSEARCH_SSL_CERTIFICATEAUTHORITIES')).toBeUndefined();
    expect(pod.volumes.map((v: any) => v.name)).not.toContain('elasticsearch-ca');
  });

  test('encryption keys from their Secret, one variable per key', () => {
    expect(c.env.filter((e: any) => /ENCRYPTIONKEY$/.test(e.name)).map((e: any) => e.valueFrom.secretKeyRef)).toEqual([
      { name: 'kibana-encryption-keys', key: 'security' },
      { name: 'kibana-encryption-keys', key: 'savedObjects' },
      { name: 'kibana-encryption-keys', key: 'reporting' },
    ]);
  });

  test('NODE_OPTIONS gives the V8 old space 75% of the memory limit', () => {
    expect(env(c, 'NODE_OPTIONS').value).toBe('--max-old-space-size=768');
  });

  test('readiness on /api/status, a startup probe for migrations, no liveness', () => {
    expect(c.readinessProbe.httpGet).toEqual({ path: '/api/status', port: 'http', scheme: 'HTTP' });
    expect(c.startupProbe.tcpSocket).toEqual({ port: 'http' });
    expect(c.livenessProbe).toBeUndefined();
  });

  test('stopping: more grace than Kibana\'s default 30 s of draining (this kibana.yml drops the image\'s 5 s)', () => {
    expect(KIBANA_SETTINGS).not.toHaveProperty(['server.shutdownTimeout']);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(30);
  });

  test('restricted as the image user, writable data and /tmp only', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: KIBANA_IMAGE.uid, fsGroup: KIBANA_IMAGE.uid });
    expect(c.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(c.volumeMounts.filter((m: any) => !m.readOnly).map((m: any) => m.mountPath)).toEqual([`${KIBANA_IMAGE.home}/data`, '/tmp']);
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('one replica, Recreate (two versions must not share an index), preferred anti-affinity, no PDB', () => {
    expect(deployment.spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
    expect(pod.affinity.podAntiAffinity).toHaveProperty('preferredDuringSchedulingIgnoredDuringExecution');
    expect(ofKind(objects, 'PodDisruptionBudget')).toEqual([]);
  });

  test('registers its route and takes its public URL from it, without the trailing slash', () => {
    expect(routes.routes).toEqual([expect.objectContaining({
      name: 'kibana', subdomain: 'kibana',
      backend: expect.objectContaining({ namespace: 'logging', serviceName: 'kibana', servicePort: 5601, podPort: 5601 }),
    })]);
    expect(routes.routes[0].backend.pods.podLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(env(c, 'SERVER_PUBLICBASEURL').value).toBe('https://kibana.example.com');
    expect(find(objects, 'Service', 'kibana', 'logging').spec.ports).toEqual([{ name: 'http', port: 5601, targetPort: 'http', protocol: 'TCP' }]);
  });

  test('kibana.yml turns off the calls its egress blocks (telemetry, newsfeed, package registry); its hash rolls the pods', () => {
    expect(kibanaYml(objects)).toEqual(KIBANA_SETTINGS);
    expect(KIBANA_SETTINGS).toEqual({ 'telemetry.optIn': false, 'telemetry.enabled': false, 'newsfeed.enabled': false, 'xpack.fleet.isAirGapped': true });
    const data = find(objects, 'ConfigMap', 'kibana-config', 'logging').data['kibana.yml'];
    expect(deployment.spec.template.metadata.annotations[CONFIG_HASH_ANNOTATION]).toBe(contentHash(data));
  });
});

describe('Kibana overrides', () => {
  test('name', () => {
    const routes = new RoutingTable('example.com');
    const objects = synthOf(chart => new Kibana(chart, 'kibana', { ...minimal(routes), name: 'dashboards' }));
    expect(find(objects, 'Deployment', 'dashboards', 'logging').spec.selector.matchLabels['app.kubernetes.io/instance']).toBe('dashboards');
    expect(find(objects, 'ConfigMap', 'dashboards-config', 'logging')).toBeDefined();
    expect(routes.routes[0]).toMatchObject({ name: 'dashboards', backend: { serviceName: 'dashboards' } });
  });

  test('heapPercent', () => {
    expect(env(container(deploymentOf({ heapPercent: 50 })), 'NODE_OPTIONS').value).toBe('--max-old-space-size=512');
  });

  test('elasticsearchCaSecret: only the CA of the certificate, verified in full', () => {
    const d = deploymentOf({ elasticsearchUrl: 'https://elasticsearch.logging.svc:9200', elasticsearchCaSecret: 'elasticsearch-tls' });
    expect(env(container(d), 'ELASTICSEARCH_SSL_CERTIFICATEAUTHORITIES').value).toBe('/etc/elasticsearch-ca/ca.crt');
    expect(env(container(d), 'ELASTICSEARCH_SSL_VERIFICATIONMODE').value).toBe('full');
    expect(container(d).volumeMounts).toContainEqual({ name: 'elasticsearch-ca', mountPath: '/etc/elasticsearch-ca', readOnly: true });
    expect(d.spec.template.spec.volumes).toContainEqual({ name: 'elasticsearch-ca', secret: { secretName: 'elasticsearch-tls', items: [{ key: 'ca.crt', path: 'ca.crt' }] } });
  });

  test('replicas > 1 get a PDB that never blocks a drain on a crash-looping pod; disruptionBudget overrides', () => {
    const objects = render({ replicas: 2 }).objects;
    expect(kibana(objects).spec.replicas).toBe(2);
    expect(find(objects, 'PodDisruptionBudget', 'kibana', 'logging').spec).toMatchObject({ maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    expect(ofKind(render({ replicas: 2, disruptionBudget: false }).objects, 'PodDisruptionBudget')).toEqual([]);
    expect(ofKind(render({ disruptionBudget: true }).objects, 'PodDisruptionBudget')).toHaveLength(1);
  });

  test('required anti-affinity', () => {
    expect(deploymentOf({ antiAffinity: 'required' }).spec.template.spec.affinity.podAntiAffinity).toHaveProperty('requiredDuringSchedulingIgnoredDuringExecution');
  });
});

test('a second route on the same subdomain is refused', () => {
  const routes = new RoutingTable('example.com');
  const chart = Testing.chart();
  new Kibana(chart, 'kibana', minimal(routes));
  expect(() => new Kibana(chart, 'other', { ...minimal(routes), name: 'other' })).toThrow(/host kibana\.example\.com is already routed to "kibana"/);
});

describe('image facts', () => {
  test('every key of kibana.yml exists in the pinned version (an unknown key stops Kibana)', () => {
    expect(unknownKeys(kibanaYml(render().objects))).toEqual([]);
    expect(unknownKeys({ 'telemetry.optIn': false, 'xpack.fleet.airGapped': true })).toEqual(['xpack.fleet.airGapped']);
  });

  test('every variable set is one kibana-docker maps to a setting (others are silently ignored)', () => {
    const withCa = deploymentOf({ elasticsearchUrl: 'https://elasticsearch.logging.svc:9200', elasticsearchCaSecret: 'elasticsearch-tls' });
    expect(ignoredEnv(container(withCa).env.map((e: any) => e.name))).toEqual([]);
    expect(kibanaEnvName('elasticsearch.ssl.certificateAuthorities')).toBe('ELASTICSEARCH_SSL_CERTIFICATEAUTHORITIES');
    expect(ignoredEnv(['TELEMETRY_OPTIN', 'SERVER_HOST'])).toEqual(['TELEMETRY_OPTIN']);
  });
});
