import { bool, strictObject } from './primitives';

/** EFK logging stack (Elasticsearch, Fluentd, Kibana). */
export const loggingSchema = strictObject({
  enabled: bool,
});
