import { parse } from 'yaml';
import { find, ofKind, renderEnvironment } from '../support/render';
import { container, env, kibana, logging } from './support';
import { contentHash } from '../../lib/core/hash';
import { CONFIG_HASH_ANNOTATION } from '../../lib/core/platform-keys';
import { KIBANA_IMAGE, kibanaEnvName } from '../../lib/logging/kibana';

/** kibana.yml as the container sees it: the ConfigMap key mounted at the image's settings file. */
function kibanaYml(objects: ReturnType<typeof logging>): Record<string, unknown> {
  const deployment = kibana(objects);
  const mount = container(deployment).volumeMounts.find((m: any) => m.mountPath === KIBANA_IMAGE.configFile);
  const volume = deployment.spec.template.spec.volumes.find((v: any) => v.name === mount.name);
  return parse(find(objects, 'ConfigMap', volume.configMap.name, 'logging').data[mount.subPath]);
}

/** Keys Kibana would refuse to start on: not in the pinned version's config schemas. */
const unknownKeys = (settings: Record<string, unknown>) => Object.keys(settings).filter(k => !(KIBANA_IMAGE.knownSettings as readonly string[]).includes(k));

/** Variables kibana-docker silently ignores: neither a mapped setting nor Node.js's own NODE_OPTIONS. */
const ignoredEnv = (names: string[]) => names.filter(n => n !== 'NODE_OPTIONS' && !KIBANA_IMAGE.envSettings.map(kibanaEnvName).includes(n));

describe('Kibana', () => {
  test('logs in to Elasticsearch as kibana_system with the password from its Secret', () => {
    const c = container(kibana(logging('prod')));
    expect(env(c, 'ELASTICSEARCH_USERNAME').value).toBe('kibana_system');
    expect(env(c, 'ELASTICSEARCH_PASSWORD').valueFrom).toEqual({ secretKeyRef: { name: 'kibana-system', key: 'password' } });
    expect(env(c, 'ELASTICSEARCH_HOSTS').value).toBe('https://elasticsearch.logging.svc:9200');
    expect(JSON.stringify(c.env)).not.toContain('"elastic"');
  });

  test('prod verifies Elasticsearch with only the CA of its certificate; dev talks plain http', () => {
    const prod = kibana(logging('prod'));
    // One CA path for every Elasticsearch client of the stack (was under Kibana's config directory).
    expect(env(container(prod), 'ELASTICSEARCH_SSL_CERTIFICATEAUTHORITIES').value).toBe('/etc/elasticsearch-ca/ca.crt');
    expect(container(prod).volumeMounts).toContainEqual({ name: 'elasticsearch-ca', mountPath: '/etc/elasticsearch-ca', readOnly: true });
    expect(prod.spec.template.spec.volumes).toContainEqual({ name: 'elasticsearch-ca', secret: { secretName: 'elasticsearch-tls', items: [{ key: 'ca.crt', path: 'ca.crt' }] } });
    const dev = container(kibana(logging('dev')));
    expect(env(dev, 'ELASTICSEARCH_HOSTS').value).toBe('http://elasticsearch.logging.svc:9200');
    expect(env(dev, 'ELASTICSEARCH_SSL_CERTIFICATEAUTHORITIES')).toBeUndefined();
  });

  test('NODE_OPTIONS is derived from the memory limit', () => {
    expect(env(container(kibana(logging('prod'))), 'NODE_OPTIONS').value).toBe('--max-old-space-size=1536');
    expect(env(container(kibana(logging('dev'))), 'NODE_OPTIONS').value).toBe('--max-old-space-size=768');
  });

  test('readiness on /api/status, a startup probe for migrations', () => {
    const c = container(kibana(logging('dev')));
    expect(c.readinessProbe.httpGet).toEqual({ path: '/api/status', port: 'http', scheme: 'HTTP' });
    expect(c.startupProbe.tcpSocket).toEqual({ port: 'http' });
  });

  test('restricted security context with writable data and /tmp only', () => {
    const d = kibana(logging('dev'));
    expect(d.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: KIBANA_IMAGE.uid });
    expect(container(d).securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    const writable = container(d).volumeMounts.filter((m: any) => !m.readOnly).map((m: any) => m.mountPath);
    expect(writable).toEqual([`${KIBANA_IMAGE.home}/data`, '/tmp']);
    expect(d.spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  test('public URL from the routing table; the route points at the Kibana Service', () => {
    expect(env(container(kibana(logging('prod'))), 'SERVER_PUBLICBASEURL').value).toBe('https://kibana.platform.example.com');
    const service = find(logging('prod'), 'Service', 'kibana', 'logging');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 5601, targetPort: 'http', protocol: 'TCP' }]);
  });

  test('prod: two replicas, required anti-affinity and a PDB; dev: one, no PDB', () => {
    const prod = kibana(logging('prod'));
    expect(prod.spec.replicas).toBe(2);
    expect(prod.spec.template.spec.affinity.podAntiAffinity).toHaveProperty('requiredDuringSchedulingIgnoredDuringExecution');
    // Stateless: a crash-looping Kibana pod never blocks a node drain.
    expect(find(logging('prod'), 'PodDisruptionBudget', 'kibana', 'logging').spec).toMatchObject({ maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    expect(ofKind(logging('dev'), 'PodDisruptionBudget')).toEqual([]);
    expect(renderEnvironment('dev').config.logging.kibana.replicas).toBe(1);
  });

  describe('calls its egress blocks are turned off, with keys the pinned version knows', () => {
    test.each(['dev', 'prod'] as const)('%s: telemetry, newsfeed and the package registry are off', name => {
      expect(kibanaYml(logging(name))).toEqual({
        'telemetry.optIn': false,
        'telemetry.enabled': false,
        'newsfeed.enabled': false,
        'xpack.fleet.isAirGapped': true,
      });
    });

    test('every key of kibana.yml exists in the pinned version (an unknown key stops Kibana)', () => {
      expect(unknownKeys(kibanaYml(logging('prod')))).toEqual([]);
      expect(unknownKeys({ 'telemetry.optIn': false, 'xpack.fleet.airGapped': true })).toEqual(['xpack.fleet.airGapped']);
    });

    test('a change of kibana.yml rolls the pods', () => {
      const objects = logging('dev');
      const data = find(objects, 'ConfigMap', 'kibana-config', 'logging').data['kibana.yml'];
      expect(kibana(objects).spec.template.metadata.annotations[CONFIG_HASH_ANNOTATION]).toBe(contentHash(data));
    });
  });

  test('image facts: every variable set is one kibana-docker maps to a setting (others are silently ignored)', () => {
    for (const name of ['dev', 'prod'] as const) {
      expect(ignoredEnv(container(kibana(logging(name))).env.map((e: any) => e.name))).toEqual([]);
    }
    expect(kibanaEnvName('elasticsearch.ssl.certificateAuthorities')).toBe('ELASTICSEARCH_SSL_CERTIFICATEAUTHORITIES');
    expect(ignoredEnv(['TELEMETRY_OPTIN', 'SERVER_HOST'])).toEqual(['TELEMETRY_OPTIN']);
  });
});
