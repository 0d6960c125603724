import { EnvironmentInput } from '../../lib/config/schema';
import { ConfigError, parseEnvironment } from '../../lib/config/validate';
import { ENVIRONMENTS, environmentInput } from '../support/render';

const ES_IMAGE = 'docker.elastic.co/elasticsearch/elasticsearch:8.19.21';
const KIBANA_IMAGE = 'docker.elastic.co/kibana/kibana:8.19.21';

/**
 * A declared environment whose logging fields these tests rely on are set here: one node of 2Gi
 * without TLS, Fluentd with 512Mi, matching 8.19.21 images, not highly available.
 */
function base(): EnvironmentInput {
  const input = environmentInput(ENVIRONMENTS[0]);
  input.highlyAvailable = false;
  const { elasticsearch: es, kibana, fluentd } = input.logging;
  Object.assign(es, { image: ES_IMAGE, replicas: 1, resources: { cpu: '500m', memory: '2Gi' }, tls: { mode: 'disabled' } });
  delete es.heapPercent;
  delete es.roles;
  kibana.image = KIBANA_IMAGE;
  fluentd.resources = { cpu: '100m', memory: '512Mi' };
  return input;
}

/** The problems under `logging.` of `base()` after `change` (other areas' rules may react to the same edit). */
function problems(change: (input: EnvironmentInput) => void): string[] {
  const input = base();
  change(input);
  try {
    parseEnvironment(input, 'test');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.filter(p => p.path.startsWith('logging.')).map(p => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

const es = (input: EnvironmentInput) => input.logging.elasticsearch;
const highlyAvailable = (replicas: number) => (i: EnvironmentInput) => {
  i.highlyAvailable = true;
  Object.assign(es(i), { replicas, tls: { mode: 'certManager', clusterIssuer: 'platform-ca' } });
};

describe('logging config', () => {
  test.each(ENVIRONMENTS)('the declared environment %s is valid', name => {
    expect(() => parseEnvironment(environmentInput(name), name)).not.toThrow();
  });

  test('the base of these tests is valid', () => {
    expect(problems(() => undefined)).toEqual([]);
  });

  test.each([2, 4, 1])('highly available with %i master(s) is rejected: odd and at least 3', replicas => {
    expect(problems(highlyAvailable(replicas))).toEqual([
      `logging.elasticsearch.replicas: a highly available environment needs an odd number of at least 3 master-eligible Elasticsearch nodes (a majority survives one loss and votes never tie), got ${replicas}`,
    ]);
  });

  test('highly available accepts 3 and 5 masters; otherwise 1 is fine', () => {
    expect(problems(highlyAvailable(3))).toEqual([]);
    expect(problems(highlyAvailable(5))).toEqual([]);
    expect(problems(i => { es(i).replicas = 1; })).toEqual([]);
  });

  test('a heap above 50% of the memory limit is rejected, naming the resulting heap', () => {
    expect(problems(i => { es(i).heapPercent = 75; })).toEqual([
      'logging.elasticsearch.heapPercent: heap must be at most 50% of the memory limit (Lucene uses the rest as file-system cache); 75% of 2Gi would be 1536Mi',
    ]);
    expect(problems(i => { es(i).heapPercent = 50; })).toEqual([]);
  });

  test('a heap larger than the limit is rejected twice over', () => {
    expect(problems(i => { es(i).heapPercent = 150; })).toEqual([
      'logging.elasticsearch.heapPercent: expected an integer from 1 to 100, got 150',
      expect.stringMatching(/^logging\.elasticsearch\.heapPercent: heap must be at most 50% of the memory limit .* 150% of 2Gi would be 3072Mi/),
    ]);
  });

  test('memory too small for a useful heap is rejected', () => {
    expect(problems(i => { es(i).resources.memory = '768Mi'; })).toEqual([
      'logging.elasticsearch.resources.memory: gives a heap of 384Mi (50%), but Elasticsearch needs at least 512Mi: raise memory, got "768Mi"',
    ]);
    expect(problems(i => { es(i).resources.memory = '1Gi'; })).toEqual([]);
  });

  test('a multi-node cluster without TLS is rejected', () => {
    expect(problems(i => { es(i).replicas = 3; })).toEqual([
      'logging.elasticsearch.tls: a multi-node Elasticsearch cluster with security enabled refuses to start without transport TLS; use { mode: "certManager", clusterIssuer }, got {"mode":"disabled"}',
    ]);
  });

  test('Kibana must run the Elasticsearch version', () => {
    expect(problems(i => { i.logging.kibana.image = 'docker.elastic.co/kibana/kibana:8.19.20'; })).toEqual([
      'logging.kibana.image: Kibana must run the same version as Elasticsearch (8.19.21), got "docker.elastic.co/kibana/kibana:8.19.20"',
    ]);
  });

  test('Elasticsearch must be 8.x', () => {
    const found = problems(i => {
      es(i).image = 'docker.elastic.co/elasticsearch/elasticsearch:9.1.0';
      i.logging.kibana.image = 'docker.elastic.co/kibana/kibana:9.1.0';
    });
    expect(found).toEqual([expect.stringMatching(/^logging\.elasticsearch\.image: expected an Elasticsearch 8\.x tag/)]);
  });

  test('roles must include master and data', () => {
    expect(problems(i => { es(i).roles = ['data', 'ingest']; })).toEqual([
      'logging.elasticsearch.roles: must include "master": this StatefulSet is the whole cluster, got ["data","ingest"]',
    ]);
    expect(problems(i => { es(i).roles = ['master', 'data']; })).toEqual([]);
  });

  test('Fluentd memory below 500Mi is rejected', () => {
    expect(problems(i => { i.logging.fluentd.resources.memory = '256Mi'; })).toEqual([
      'logging.fluentd.resources.memory: Fluentd needs at least 500Mi (file buffer and metadata cache under load), got "256Mi"',
    ]);
  });

  test('unknown vm.max_map_count modes and unknown fields are named', () => {
    expect(problems(i => { (es(i) as any).vmMaxMapCount = 'sysctl'; })).toEqual([
      'logging.elasticsearch.vmMaxMapCount: expected one of "disableMmap", "preconfigured", "initContainer", got "sysctl"',
    ]);
    expect(problems(i => { (es(i) as any).heap = '1g'; })).toEqual([
      expect.stringMatching(/^logging\.elasticsearch\.heap: unknown field; expected one of image, replicas, roles, resources, heapPercent/),
    ]);
  });

  test('a quantity that is not one is rejected', () => {
    expect(problems(i => { es(i).storage.size = '10 GB'; })).toEqual([
      'logging.elasticsearch.storage.size: expected a Kubernetes quantity such as "500m", "2", "512Mi" or "10Gi", got "10 GB"',
    ]);
  });
});
