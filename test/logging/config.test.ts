import { EnvironmentInput } from '../../lib/config/schema';
import { ConfigError, parseEnvironment } from '../../lib/config/validate';
import { environmentInput } from '../support/render';

function problems(name: string, change: (input: EnvironmentInput) => void): string[] {
  const input = environmentInput(name);
  change(input);
  try {
    parseEnvironment(input, name);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map(p => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

const es = (input: EnvironmentInput) => input.logging.elasticsearch;

describe('logging config', () => {
  test('the real environments are valid', () => {
    expect(problems('dev', () => undefined)).toEqual([]);
    expect(problems('prod', () => undefined)).toEqual([]);
  });

  test.each([2, 4, 1])('prod with %i master(s) is rejected: odd and at least 3', replicas => {
    expect(problems('prod', i => { es(i).replicas = replicas; })).toEqual([
      `logging.elasticsearch.replicas: a highly available environment needs an odd number of at least 3 master-eligible Elasticsearch nodes (a majority survives one loss and votes never tie), got ${replicas}`,
    ]);
  });

  test('prod accepts 5 masters; dev accepts 1', () => {
    expect(problems('prod', i => { es(i).replicas = 5; })).toEqual([]);
    expect(es(environmentInput('dev')).replicas).toBe(1);
  });

  test('a heap above 50% of the memory limit is rejected, naming the resulting heap', () => {
    expect(problems('dev', i => { es(i).heapPercent = 75; })).toEqual([
      'logging.elasticsearch.heapPercent: heap must be at most 50% of the memory limit (Lucene uses the rest as file-system cache); 75% of 2Gi would be 1536Mi',
    ]);
  });

  test('a heap larger than the limit is rejected twice over', () => {
    expect(problems('dev', i => { es(i).heapPercent = 150; })).toEqual([
      'logging.elasticsearch.heapPercent: expected an integer from 1 to 100, got 150',
      expect.stringMatching(/^logging\.elasticsearch\.heapPercent: heap must be at most 50% of the memory limit .* 150% of 2Gi would be 3072Mi/),
    ]);
  });

  test('memory too small for a useful heap is rejected', () => {
    expect(problems('dev', i => { es(i).resources.memory = '768Mi'; })).toEqual([
      'logging.elasticsearch.resources.memory: gives a heap of 384Mi (50%), but Elasticsearch needs at least 512Mi: raise memory, got "768Mi"',
    ]);
  });

  test('a multi-node cluster without TLS is rejected', () => {
    expect(problems('dev', i => { es(i).replicas = 3; })).toEqual([
      'logging.elasticsearch.tls: a multi-node Elasticsearch cluster with security enabled refuses to start without transport TLS; use { mode: "certManager", clusterIssuer }, got {"mode":"disabled"}',
    ]);
  });

  test('Kibana must run the Elasticsearch version', () => {
    expect(problems('dev', i => { i.logging.kibana.image = 'docker.elastic.co/kibana/kibana:8.19.20'; })).toEqual([
      'logging.kibana.image: Kibana must run the same version as Elasticsearch (8.19.21), got "docker.elastic.co/kibana/kibana:8.19.20"',
    ]);
  });

  test('Elasticsearch must be 8.x', () => {
    const found = problems('dev', i => {
      es(i).image = 'docker.elastic.co/elasticsearch/elasticsearch:9.1.0';
      i.logging.kibana.image = 'docker.elastic.co/kibana/kibana:9.1.0';
    });
    expect(found).toEqual([expect.stringMatching(/^logging\.elasticsearch\.image: expected an Elasticsearch 8\.x tag/)]);
  });

  test('roles must include master and data', () => {
    expect(problems('dev', i => { es(i).roles = ['data', 'ingest']; })).toEqual([
      'logging.elasticsearch.roles: must include "master": this StatefulSet is the whole cluster, got ["data","ingest"]',
    ]);
  });

  test('Fluentd memory below 500Mi is rejected', () => {
    expect(problems('dev', i => { i.logging.fluentd.resources.memory = '256Mi'; })).toEqual([
      'logging.fluentd.resources.memory: Fluentd needs at least 500Mi (file buffer and metadata cache under load), got "256Mi"',
    ]);
  });

  test('unknown vm.max_map_count modes and unknown fields are named', () => {
    expect(problems('dev', i => { (es(i) as any).vmMaxMapCount = 'sysctl'; })).toEqual([
      'logging.elasticsearch.vmMaxMapCount: expected one of "disableMmap", "preconfigured", "initContainer", got "sysctl"',
    ]);
    expect(problems('dev', i => { (es(i) as any).heap = '1g'; })).toEqual([
      expect.stringMatching(/^logging\.elasticsearch\.heap: unknown field; expected one of image, replicas, roles, resources, heapPercent/),
    ]);
  });

  test('a quantity that is not one is rejected', () => {
    expect(problems('dev', i => { es(i).storage.size = '10 GB'; })).toEqual([
      'logging.elasticsearch.storage.size: expected a Kubernetes quantity such as "500m", "2", "512Mi" or "10Gi", got "10 GB"',
    ]);
  });
});
