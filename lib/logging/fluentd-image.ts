/**
 * What the render relies on about the pinned Fluentd image, written down once. Each fact cites the
 * upstream file it was read from, at the version the image bundles; tests check the render against
 * these facts, so a new image pin that breaks one of them is a visible, reviewed change.
 *
 * Image sources: fluent/fluentd-kubernetes-daemonset, tag v1.19.3-1.1,
 * directory docker-image/v1.19/debian-elasticsearch8/ (Dockerfile, entrypoint.sh, Gemfile.lock).
 */
export const FLUENTD_IMAGE_FACTS = {
  /** The image these facts were read for; every environment must pin exactly this one. */
  image: 'docker.io/fluent/fluentd-kubernetes-daemonset:v1.19.3-debian-elasticsearch8-1.1',

  /** Gem versions in the image (Gemfile.lock). */
  gems: {
    'fluentd': '1.19.3',
    'fluent-plugin-elasticsearch': '5.4.4',
    'fluent-plugin-concat': '2.6.2',
    'fluent-plugin-kubernetes_metadata_filter': '3.8.0',
    'fluent-plugin-parser-cri': '0.1.1',
    'fluent-plugin-prometheus': '2.2.2',
  },

  /** Dockerfile `USER root`: the image runs as uid 0 (node log files are root-owned, mode 0640). */
  uid: 0,

  /**
   * entrypoint.sh runs `fluentd -c /fluentd/etc/${FLUENTD_CONF} -p /fluentd/plugins --gemfile /fluentd/Gemfile ${FLUENTD_OPT}`
   * (Dockerfile: FLUENTD_CONF=fluent.conf, FLUENTD_OPT=""). It also reads FLUENT_CONTAINER_TAIL_PATH and
   * FLUENT_CONTAINER_TAIL_EXCLUDE_PATH, which only the image's own kubernetes.conf uses.
   */
  entrypoint: {
    configDir: '/fluentd/etc',
    env: { FLUENTD_CONF: 'fluent.conf', FLUENTD_OPT: '' },
    /** Adds `-r <elasticsearch_simple_sniffer.rb>` to FLUENTD_OPT, so this class can be named in the output. */
    simpleSnifferClass: 'Fluent::Plugin::ElasticsearchSimpleSniffer',
  },

  /**
   * Dockerfile sets FLUENTD_DISABLE_BUNDLER_INJECTION=1, so `--gemfile` does not run bundler into
   * /fluentd/vendor (fluent/fluentd v1.19.3 lib/fluent/command/fluentd.rb): the image writes nothing
   * under its root at run time, only the paths fluent.conf names. A read-only root filesystem works.
   */
  writesOnlyConfiguredPaths: true,
  /**
   * Except temporary files: fluentd v1.19.3 lib/fluent/supervisor.rb creates a lock directory with `Dir.mktmpdir`,
   * and Ruby's Dir.tmpdir (lib/tmpdir.rb) refuses a world-writable directory without the sticky bit, which an emptyDir
   * is (0777), falling back to the read-only working directory. TMPDIR names a root-owned 0755 directory instead.
   * Chunks Fluentd gives up on are backed up under FLUENT_BACKUP_DIR (lib/fluent/env.rb, default /tmp/fluent).
   */
  tmpdirEnv: 'TMPDIR',
  backupDirEnv: 'FLUENT_BACKUP_DIR',

  /** fluent-plugin-elasticsearch v5.4.4 (uken/fluent-plugin-elasticsearch). */
  elasticsearchOutput: {
    /**
     * lib/fluent/plugin/out_elasticsearch.rb `append_record_to_messages`: for these write
     * operations a record without `_id` (taken from `id_key`) is dropped, logged at debug level only.
     */
    operationsNeedingId: ['create', 'update', 'upsert'] as readonly string[],
    /** lib/fluent/plugin/elasticsearch_error_handler.rb: a 409 on `create` counts as a duplicate and is not retried. */
    createConflictIsDuplicate: true,
    /** lib/fluent/plugin/filter_elasticsearch_genid.rb: the filter writes a random id into `hash_id_key` of every record. */
    genidFilter: 'elasticsearch_genid',
    /**
     * out_elasticsearch.rb `process_message` deletes `remove_keys` from the record in place, and that record is what
     * elasticsearch_error_handler.rb `handle_error` processes again to match the bulk response's items: without its
     * `id_key` it has no `_id`, `append_record_to_messages` refuses it, and every item is skipped unreported. So the
     * id key must stay in the record (and the document).
     */
    idKeyMustStay: true,
    /** out_elasticsearch.rb `time_precision` default 9: `@timestamp` carries the event time to the nanosecond. */
    timestampField: '@timestamp',
  },

  /** fluent-plugin-concat v2.6.2 (fluent-plugins-nursery/fluent-plugin-concat) lib/fluent/plugin/filter_concat.rb. */
  concat: {
    /**
     * `filter_stream`, `use_partial_cri_logtag` mode: every joined record it passes on loses the keys named by
     * `partial_cri_logtag_key` and `partial_cri_stream_key`; the latter is used for nothing else. Parameter → default.
     */
    criDeletedKeys: { partial_cri_logtag_key: undefined, partial_cri_stream_key: 'stream' } as Readonly<Record<string, string | undefined>>,
    /** `process`: without `stream_identity_key` there is one buffer per tag (file), whatever the stream. */
    streamIdentityKey: 'stream_identity_key',
    /** `flush_timeout_buffer`: a record still incomplete at `flush_interval` is emitted to `timeout_label` as it is. */
    timeoutEmitsToLabel: true,
  },

  /** fluent-plugin-parser-cri v0.1.1 (fluent/fluent-plugin-parser-cri) lib/fluent/plugin/parser_cri.rb. */
  criParser: {
    /** Record keys of `<time> <stream> <P|F> <message>`; the raw `time` string too, unless `keep_time_key false`. */
    keys: ['stream', 'logtag', 'message'] as readonly string[],
    timeKey: 'time',
    keepTimeKeyDefault: true,
  },

  /**
   * fluent-plugin-kubernetes_metadata_filter v3.8.0 (fluent-plugins-nursery/fluent-plugin-kubernetes_metadata_filter)
   * lib/fluent/plugin/filter_kubernetes_metadata.rb `configure`: in a pod (KUBERNETES_SERVICE_HOST is always set)
   * it calls the API server once (`api_valid?`, kubeclient 4.13.0). A timeout or HTTP error becomes a ConfigError
   * (Fluentd exits, fluent/fluentd v1.19.3 lib/fluent/supervisor.rb exit code 2) and a refused connection kills the
   * worker (restarted, metrics port closed, probes fail): either way nothing is shipped. No option (`watch`,
   * `skip_*`, retry settings) skips that call. Later, a pod or namespace watch failing `watch_retry_max_times` (10)
   * times in a row restarts Fluentd (kubernetes_metadata_watch_pods.rb). Pod name, namespace, container name and
   * container id always come from the file name (the tag), whether the API answers or not.
   */
  kubernetesMetadata: {
    apiUnreachableAtStartIsFatal: true,
  },
} as const;
