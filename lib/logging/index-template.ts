import { ELASTICSEARCH_ID_KEY } from './fluentd-config';

/**
 * The composable index template of one of Fluentd's daily index families (`<prefix>-YYYY.MM.DD`): its ILM policy
 * (named like the prefix), one shard, the replicas given, and Fluentd's document id mapped but not indexed (it
 * stays in every document, see ELASTICSEARCH_ID_KEY, and nobody searches or aggregates on it). Priority 200, above
 * the built-in templates (100), so nothing else shapes these indices.
 */
export function fluentdIndexTemplate(indexPrefix: string, replicas: number): Record<string, unknown> {
  return {
    index_patterns: [`${indexPrefix}-*`],
    priority: 200,
    template: {
      settings: { 'index.lifecycle.name': indexPrefix, 'index.number_of_shards': 1, 'index.number_of_replicas': replicas },
      mappings: { properties: { [ELASTICSEARCH_ID_KEY]: { type: 'keyword', index: false, doc_values: false } } },
    },
  };
}
