import { find, ofKind, renderEnvironment } from '../support/render';
import { container, env, kibana, logging } from './support';

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
    expect(container(d).securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(container(d).volumeMounts.map((m: any) => m.mountPath)).toEqual(['/usr/share/kibana/data', '/tmp']);
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
});
