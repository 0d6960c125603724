import { find, ofKind } from '../support/render';
import { container, env, fluentd, kibana, logging } from './support';

describe('Elasticsearch CA in its clients', () => {
  const objects = logging('prod');
  const setupJob = ofKind(objects, 'Job').find(j => j.metadata.name.startsWith('elasticsearch-setup'))!;
  const clients = { setup: setupJob, kibana: kibana(objects), fluentd: fluentd(objects) };

  test.each(Object.keys(clients))('%s mounts only ca.crt, read-only, at one path', name => {
    const workload = clients[name as keyof typeof clients];
    const volume = workload.spec.template.spec.volumes.find((v: any) => v.name === 'elasticsearch-ca');
    expect(volume.secret.items).toEqual([{ key: 'ca.crt', path: 'ca.crt' }]);
    expect(container(workload).volumeMounts).toContainEqual({ name: 'elasticsearch-ca', mountPath: '/etc/elasticsearch-ca', readOnly: true });
  });

  test('each client is pointed at the mounted file', () => {
    expect(env(container(setupJob), 'CA_FILE').value).toBe('/etc/elasticsearch-ca/ca.crt');
    expect(env(container(kibana(objects)), 'ELASTICSEARCH_SSL_CERTIFICATEAUTHORITIES').value).toBe('/etc/elasticsearch-ca/ca.crt');
    expect(find(objects, 'ConfigMap', 'fluentd', 'logging-agents').data['fluent.conf']).toContain('ca_file /etc/elasticsearch-ca/ca.crt\n');
  });

  test('the setup Job runs as the Elasticsearch image user, like the nodes', () => {
    const nodeUser = find(objects, 'StatefulSet', 'elasticsearch', 'logging').spec.template.spec.securityContext.runAsUser;
    expect(setupJob.spec.template.spec.securityContext.runAsUser).toBe(nodeUser);
  });
});
