import { parse } from 'yaml';
import { Testing } from 'cdk8s';
import { LoggingChart } from '../../charts/logging-chart';
import { DECLARED_SECRETS_LABEL, POD_SECURITY_REASON_ANNOTATION } from '../../lib/core/platform-keys';
import { POD_SECURITY_ENFORCE_LABEL } from '../../lib/core/pod-security';
import { toMebibytes } from '../../lib/core/quantity';
import { DEFAULT_HEAP_PERCENT } from '../../lib/logging/elasticsearch-facts';
import { RoutingTable } from '../../lib/network/routing-table';
import { ENVIRONMENTS, environmentInput, find, KubeObject, ofKind, render, renderEnvironment } from '../support/render';
import { container, elasticsearch, env, envValues, fluentd, kibana, logging } from './support';
import { ELASTICSEARCH_ID_KEY } from '../../lib/logging/fluentd-config';

/**
 * The logging chart of every declared environment: what the chart must make of each environment's
 * config, stated as rules that hold for any environment. The values themselves are in the snapshots.
 */

function containersOf(objects: KubeObject[]): any[] {
  return objects.filter(o => o.spec?.template?.spec).flatMap(o => [...(o.spec.template.spec.initContainers ?? []), ...o.spec.template.spec.containers]);
}

const setupJob = (objects: KubeObject[]) => ofKind(objects, 'Job').find(j => /^elasticsearch-setup-[0-9a-f]{8}$/.test(j.metadata.name))!;
const declaredSecrets = (objects: KubeObject[]) => ofKind(objects, 'ConfigMap').filter(c => c.metadata.labels?.[DECLARED_SECRETS_LABEL] === 'true')
  .flatMap(c => JSON.parse(c.data['secrets.json']).secrets);
const esSettings = (objects: KubeObject[]) => parse(find(objects, 'ConfigMap', 'elasticsearch-config', 'logging').data['elasticsearch.yml']);
const fluentConf = (objects: KubeObject[]) => find(objects, 'ConfigMap', 'fluentd', 'logging-agents').data['fluent.conf'] as string;
const hasRequiredAntiAffinity = (workload: KubeObject) => 'requiredDuringSchedulingIgnoredDuringExecution' in workload.spec.template.spec.affinity.podAntiAffinity;
const pdbFor = (objects: KubeObject[], workload: KubeObject) =>
  ofKind(objects, 'PodDisruptionBudget').filter(p => p.metadata.namespace === workload.metadata.namespace
    && JSON.stringify(p.spec.selector.matchLabels) === JSON.stringify(workload.spec.selector.matchLabels));

describe.each(ENVIRONMENTS)('%s logging chart', name => {
  const { config, objects: all } = renderEnvironment(name);
  const objects = logging(name);
  const { elasticsearch: esConfig, kibana: kibanaConfig, fluentd: fluentdConfig } = config.logging;
  const issuer = esConfig.tls.mode === 'certManager' ? esConfig.tls.clusterIssuer : undefined;
  /** S3 snapshots add the store's key pair and Elasticsearch's flow to the store (test/logging/snapshots.test.ts). */
  const s3 = config.backup.snapshots.type === 's3';
  const tls = issuer !== undefined;
  /** Monitoring adds the Elasticsearch exporter, its password and its flow (test/logging/elasticsearch-exporter.test.ts). */
  const exporter = config.monitoring.enabled;

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  describe('secrets', () => {
    test('no Secret is rendered and every credential comes through secretKeyRef', () => {
      expect(ofKind(objects, 'Secret')).toEqual([]);
      const credentials = containersOf(objects).flatMap(c => c.env ?? []).filter((e: any) => /PASSWORD|ENCRYPTIONKEY/.test(e.name));
      expect(credentials.length).toBeGreaterThanOrEqual(6);
      for (const e of credentials) {
        expect(e.value).toBeUndefined();
        // Only the reader's password is optional: it is bootstrapped by the monitoring chart, and the setup skips the reader without it.
        const optional = e.name === 'READER_PASSWORD' ? { optional: true } : {};
        expect(e.valueFrom.secretKeyRef).toEqual({ name: expect.any(String), key: expect.any(String), ...optional });
      }
    });

    test('declares its secrets: the writer password in both namespaces', () => {
      expect(Object.fromEntries(declaredSecrets(objects).map((s: any) => [s.name, s.namespaces]))).toEqual({
        'elasticsearch-elastic': ['logging'],
        'kibana-system': ['logging'],
        'fluentd-elasticsearch': ['logging', 'logging-agents'],
        'kibana-encryption-keys': ['logging'],
        ...(s3 ? { 'elasticsearch-snapshot-s3': ['logging'] } : {}),
        ...(exporter ? { 'elasticsearch-exporter': ['logging'] } : {}),
      });
    });

    test('every referenced Secret is declared in the namespace of the pod (or issued by cert-manager)', () => {
      // By any chart of the environment: Grafana's reader password is the monitoring chart's.
      const declared = declaredSecrets(all);
      const certificates = ofKind(objects, 'Certificate').map(c => `${c.metadata.namespace}/${c.spec.secretName}`);
      for (const workload of objects.filter(o => o.spec?.template?.spec)) {
        const ns = workload.metadata.namespace;
        const refs = [
          ...containersOf([workload]).flatMap(c => c.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef?.name),
          ...(workload.spec.template.spec.volumes ?? []).map((v: any) => v.secret?.secretName),
        ].filter(Boolean);
        for (const ref of refs) {
          const ok = declared.some((s: any) => s.name === ref && s.namespaces.includes(ns)) || certificates.includes(`${ns}/${ref}`);
          expect({ workload: workload.metadata.name, ref, ok }).toEqual({ workload: workload.metadata.name, ref, ok: true });
        }
      }
    });
  });

  test('exactly the flows of the design', () => {
    expect(ofKind(objects, 'NetworkPolicy').map(p => `${p.metadata.namespace}/${p.metadata.name}`).sort()).toEqual([
      'logging-agents/fluentd-to-elasticsearch-egress',
      'logging-agents/fluentd-to-kube-apiserver-egress',
      'logging/elasticsearch-setup-to-elasticsearch-egress',
      'logging/elasticsearch-setup-to-elasticsearch-ingress',
      'logging/elasticsearch-to-elasticsearch-egress',
      'logging/elasticsearch-to-elasticsearch-ingress',
      'logging/fluentd-to-elasticsearch-ingress',
      'logging/kibana-to-elasticsearch-egress',
      'logging/kibana-to-elasticsearch-ingress',
      'logging/secret-bootstrap-to-kube-apiserver-egress',
      ...(s3 ? ['logging/elasticsearch-to-snapshot-store-egress'] : []),
      ...(exporter ? ['logging/elasticsearch-exporter-to-elasticsearch-egress', 'logging/elasticsearch-exporter-to-elasticsearch-ingress'] : []),
    ].sort());
    const cluster = find(objects, 'NetworkPolicy', 'elasticsearch-to-elasticsearch-ingress', 'logging');
    expect(cluster.spec.ingress[0].ports.map((p: any) => p.port)).toEqual([9200, 9300]);
    for (const policy of ['fluentd-to-elasticsearch-ingress', 'kibana-to-elasticsearch-ingress', 'elasticsearch-setup-to-elasticsearch-ingress']) {
      expect(find(objects, 'NetworkPolicy', policy, 'logging').spec.ingress[0].ports).toEqual([{ port: 9200, protocol: 'TCP' }]);
    }
    expect(find(objects, 'NetworkPolicy', 'fluentd-to-kube-apiserver-egress', 'logging-agents').spec.egress[0].ports.map((p: any) => p.port))
      .toEqual(config.cluster.apiServer.ports);
  });

  describe('Pod Security', () => {
    const loggingLevel = esConfig.vmMaxMapCount === 'initContainer' ? 'privileged' : 'restricted';

    test(`logging is ${loggingLevel} (vmMaxMapCount ${esConfig.vmMaxMapCount}); logging-agents is privileged with a reason`, () => {
      expect(find(all, 'Namespace', 'logging').metadata.labels![POD_SECURITY_ENFORCE_LABEL]).toBe(loggingLevel);
      const agents = find(all, 'Namespace', 'logging-agents');
      expect(agents.metadata.labels![POD_SECURITY_ENFORCE_LABEL]).toBe('privileged');
      expect(agents.metadata.annotations![POD_SECURITY_REASON_ANNOTATION]).toMatch(/Fluentd/);
    });

    test('pods in logging run as non-root, without hostPath, escalation or capabilities (the sysctl step aside)', () => {
      for (const workload of objects.filter(o => o.metadata.namespace === 'logging' && o.spec?.template?.spec)) {
        const pod = workload.spec.template.spec;
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
        expect((pod.volumes ?? []).filter((v: any) => v.hostPath)).toEqual([]);
        for (const c of containersOf([workload]).filter(c => c.name !== 'sysctl')) {
          expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
          expect(c.securityContext.runAsUser).not.toBe(0);
        }
      }
    });
  });

  describe('Elasticsearch follows logging.elasticsearch', () => {
    const sts = elasticsearch(objects);
    const es = container(sts);

    test('image, node count, and discovery: single-node exactly when there is one node', () => {
      expect(es.image).toBe(esConfig.image);
      expect(sts.spec.replicas).toBe(esConfig.replicas);
      expect(esSettings(objects)['discovery.type']).toBe(esConfig.replicas === 1 ? 'single-node' : undefined);
      expect(esSettings(objects)['cluster.initial_master_nodes']?.length).toBe(esConfig.replicas === 1 ? undefined : esConfig.replicas);
    });

    test('memory limit as configured; heap Xms = Xmx = heapPercent of it, at most half', () => {
      expect(es.resources.limits.memory).toBe(esConfig.resources.memory);
      expect(es.resources.requests.memory).toBe(esConfig.resources.memoryRequest ?? esConfig.resources.memory);
      const [, xms, xmx] = /^-Xms(\d+)m -Xmx(\d+)m$/.exec(env(es, 'ES_JAVA_OPTS').value)!;
      expect(xms).toBe(xmx);
      const limit = toMebibytes(esConfig.resources.memory);
      expect(Number(xms)).toBe(Math.floor(limit * (esConfig.heapPercent ?? DEFAULT_HEAP_PERCENT) / 100));
      expect(Number(xms)).toBeLessThanOrEqual(limit / 2);
    });

    test('each node claims the configured storage', () => {
      expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe(esConfig.storage.size);
      expect(sts.spec.volumeClaimTemplates[0].spec.storageClassName).toBe(esConfig.storage.storageClassName);
    });

    test(`TLS ${tls ? 'on, from the configured issuer' : 'off'}`, () => {
      expect(esSettings(objects)['xpack.security.http.ssl.enabled']).toBe(tls);
      expect(esSettings(objects)['xpack.security.transport.ssl.enabled']).toBe(tls);
      expect(ofKind(objects, 'Certificate').filter(c => c.metadata.namespace === 'logging').map(c => c.spec.issuerRef.name))
        .toEqual(tls ? [issuer] : []);
    });

    test('vm.max_map_count: mmap off exactly in disableMmap, the sysctl init container exactly in initContainer', () => {
      expect(esSettings(objects)['node.store.allow_mmap']).toBe(esConfig.vmMaxMapCount === 'disableMmap' ? false : undefined);
      expect(sts.spec.template.spec.initContainers.some((c: any) => c.name === 'sysctl')).toBe(esConfig.vmMaxMapCount === 'initContainer');
    });

    test('zone spread as configured', () => {
      expect(sts.spec.template.spec.topologySpreadConstraints !== undefined).toBe(esConfig.zoneSpread);
    });
  });

  test(`highlyAvailable ${config.highlyAvailable}: ${config.highlyAvailable ? 'required anti-affinity and a PDB for every multi-replica workload' : 'preferred anti-affinity, no PDB'}`, () => {
    for (const workload of [elasticsearch(objects), kibana(objects)]) {
      expect(hasRequiredAntiAffinity(workload)).toBe(config.highlyAvailable);
      expect(pdbFor(objects, workload)).toHaveLength(config.highlyAvailable && workload.spec.replicas > 1 ? 1 : 0);
    }
    expect(ofKind(objects, 'PodDisruptionBudget')).toHaveLength(pdbFor(objects, elasticsearch(objects)).length + pdbFor(objects, kibana(objects)).length);
  });

  describe('Kibana follows logging.kibana', () => {
    const deployment = kibana(objects);
    const c = container(deployment);

    test('image, replicas, memory, and a Node.js heap below the limit', () => {
      expect(c.image).toBe(kibanaConfig.image);
      expect(deployment.spec.replicas).toBe(kibanaConfig.replicas);
      expect(c.resources.limits.memory).toBe(kibanaConfig.resources.memory);
      const heap = Number(/^--max-old-space-size=(\d+)$/.exec(env(c, 'NODE_OPTIONS').value)![1]);
      expect(heap).toBe(Math.floor(toMebibytes(kibanaConfig.resources.memory) * 0.75));
    });

    test('its public URL is the host its Ingress serves', () => {
      const ingress = find(all, 'Ingress', 'kibana', 'logging');
      expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'kibana', port: { number: 5601 } });
      expect(env(c, 'SERVER_PUBLICBASEURL').value).toBe(`https://${ingress.spec.rules[0].host}`);
      expect(ingress.spec.rules[0].host).toBe(`kibana.${config.domain}`);
    });
  });

  describe('Fluentd follows logging.fluentd', () => {
    const c = container(fluentd(objects));

    test('image and resources (a lower memory request where configured)', () => {
      expect(c.image).toBe(fluentdConfig.image);
      expect(c.resources.limits.memory).toBe(fluentdConfig.resources.memory);
      expect(c.resources.requests.memory).toBe(fluentdConfig.resources.memoryRequest ?? fluentdConfig.resources.memory);
    });

    test('log format, buffer bound and Docker path', () => {
      expect(fluentConf(objects)).toMatch(new RegExp(`<parse>\\s*@type ${fluentdConfig.containerLogFormat ?? 'cri'}\\b`));
      expect(fluentConf(objects)).toContain(`total_limit_size ${toMebibytes(fluentdConfig.bufferLimit ?? '1Gi')}m\n`);
      expect(c.volumeMounts.some((m: any) => m.mountPath === '/var/lib/docker/containers')).toBe(fluentdConfig.dockerContainersPath);
    });
  });

  describe('the setup Job follows the cluster', () => {
    const vars = envValues(container(setupJob(objects)));

    test('retention from logging.retentionDays; index replicas that fit the nodes, at least one when there are several', () => {
      expect(vars.RETENTION_DAYS).toBe(String(config.logging.retentionDays));
      const template = JSON.parse(vars.INDEX_TEMPLATE_BODY).template;
      const replicas = Number(template.settings['index.number_of_replicas']);
      // Fluentd's document id stays in each document, mapped but not indexed.
      expect(template.mappings.properties[ELASTICSEARCH_ID_KEY]).toEqual({ type: 'keyword', index: false, doc_values: false });
      expect(replicas).toBeLessThan(esConfig.replicas);
      if (esConfig.replicas > 1) expect(replicas).toBeGreaterThanOrEqual(1);
    });

    test('Fluentd writes the indices and as the user the setup Job manages', () => {
      expect(fluentConf(objects)).toContain(`logstash_prefix ${vars.INDEX_PREFIX}\n`);
      expect(fluentConf(objects)).toContain(`user ${vars.WRITER_USER}\n`);
    });
  });

  test(`every Elasticsearch client uses ${tls ? 'https and verifies with the CA at one path' : 'plain http and mounts no CA'}`, () => {
    const url = `${tls ? 'https' : 'http'}://elasticsearch.logging.svc:9200`;
    expect(envValues(container(setupJob(objects))).ES_URL).toBe(url);
    expect(env(container(kibana(objects)), 'ELASTICSEARCH_HOSTS').value).toBe(url);
    expect(fluentConf(objects)).toContain(`scheme ${tls ? 'https' : 'http'}\n`);
    const caFile = '/etc/elasticsearch-ca/ca.crt';
    expect(envValues(container(setupJob(objects))).CA_FILE).toBe(tls ? caFile : undefined);
    expect(env(container(kibana(objects)), 'ELASTICSEARCH_SSL_CERTIFICATEAUTHORITIES')?.value).toBe(tls ? caFile : undefined);
    expect(fluentConf(objects).includes(`ca_file ${caFile}\n`)).toBe(tls);
    for (const client of [setupJob(objects), kibana(objects), fluentd(objects)]) {
      expect(container(client).volumeMounts.some((m: any) => m.name === 'elasticsearch-ca')).toBe(tls);
    }
  });

  test('vmMaxMapCount initContainer makes the logging namespace privileged, and says why', () => {
    const input = environmentInput(name);
    input.logging.elasticsearch.vmMaxMapCount = 'initContainer';
    const namespace = find(render(input).objects, 'Namespace', 'logging');
    expect(namespace.metadata.labels![POD_SECURITY_ENFORCE_LABEL]).toBe('privileged');
    expect(namespace.metadata.annotations![POD_SECURITY_REASON_ANNOTATION]).toMatch(/vm\.max_map_count/);
  });

  test('Kibana registers its route (subdomain kibana) in the routing table', () => {
    const routes = new RoutingTable(config.domain);
    new LoggingChart(Testing.app(), 'logging', { config, routes });
    expect(routes.routes.map(r => [r.name, r.subdomain, r.backend.serviceName])).toEqual([['kibana', 'kibana', 'kibana']]);
  });
});
