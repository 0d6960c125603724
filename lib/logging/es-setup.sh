#!/bin/sh
# Elasticsearch setup: every call is an idempotent PUT/POST, so it can run any number of times, and every
# object is put on every run, so a run also repairs what was deleted or edited since the last one.
# Inputs (environment): ES_URL, CA_FILE (optional), ELASTIC_PASSWORD, KIBANA_SYSTEM_USER, KIBANA_SYSTEM_PASSWORD,
# WRITER_USER, WRITER_ROLE, WRITER_PASSWORD, INDEX_PREFIX, RETENTION_DAYS, INDEX_TEMPLATE_BODY;
# READER_USER and READER_PASSWORD (optional: a read-only user of the log indices);
# TMPDIR (optional, default /tmp: the pod's emptyDir).
set -eu
tmp=${TMPDIR:-/tmp}

# Credentials go to curl through a config file, never on its command line.
umask 077
printf 'user = "elastic:%s"\n' "$ELASTIC_PASSWORD" > "$tmp/curl.conf"
if [ -n "${CA_FILE:-}" ]; then printf 'cacert = "%s"\n' "$CA_FILE" >> "$tmp/curl.conf"; fi

# Generated passwords are alphanumeric; anything else would need JSON escaping.
for value in "$KIBANA_SYSTEM_PASSWORD" "$WRITER_PASSWORD" "${READER_PASSWORD:-}"; do
  case $value in *[!A-Za-z0-9]*) echo "a password contains characters other than A-Z a-z 0-9" >&2; exit 1 ;; esac
done

call() { # method path [json-body]: fails on any status but 2xx, printing the response
  # A request that got no answer must not print the previous one's.
  rm -f "$tmp/response"
  status=$(curl --silent --show-error --config "$tmp/curl.conf" --max-time 30 --output "$tmp/response" --write-out '%{http_code}' \
    --request "$1" --header 'Content-Type: application/json' ${3:+--data-binary "$3"} "$ES_URL$2") || status=000
  case $status in
    2??) echo "$1 $2: $status" ;;
    *) echo "$1 $2: HTTP $status $(cat "$tmp/response" 2>/dev/null)" >&2; return 1 ;;
  esac
}

echo "waiting for $ES_URL to be at least yellow"
until call GET '/_cluster/health?wait_for_status=yellow&timeout=10s' >/dev/null 2>&1; do
  # Wrong credentials never get better by waiting (e.g. elastic's Secret regenerated while the cluster kept
  # the old password): say so and stop, so the Job fails with the reason in its log.
  case $status in
    401|403) echo "Elasticsearch refuses the elastic user (HTTP $status): its password differs from the Secret's" >&2; exit 1 ;;
  esac
  echo "not yet (HTTP $status)"
  sleep 5
done

# Kibana logs in as the built-in kibana_system user with the password from its Secret.
call POST "/_security/user/$KIBANA_SYSTEM_USER/_password" "{\"password\":\"$KIBANA_SYSTEM_PASSWORD\"}"

# Daily indices are deleted RETENTION_DAYS after creation (no rollover: logstash-style names roll daily).
call PUT "/_ilm/policy/$INDEX_PREFIX" "{\"policy\":{\"phases\":{\"hot\":{\"actions\":{}},\"delete\":{\"min_age\":\"${RETENTION_DAYS}d\",\"actions\":{\"delete\":{}}}}}}"

# The indices' settings and mappings (fluentdIndexTemplate in index-template.ts).
call PUT "/_index_template/$INDEX_PREFIX" "$INDEX_TEMPLATE_BODY"

# The writer only adds new documents (bulk create with its own ids, never overwrite) to its daily indices,
# which those requests auto-create, and reads the version (ELASTICSEARCH_WRITE in fluentd-config.ts).
call PUT "/_security/role/$WRITER_ROLE" "{\"cluster\":[\"monitor\"],\"indices\":[{\"names\":[\"$INDEX_PREFIX-*\"],\"privileges\":[\"create_doc\",\"auto_configure\"]}]}"
call PUT "/_security/user/$WRITER_USER" "{\"password\":\"$WRITER_PASSWORD\",\"roles\":[\"$WRITER_ROLE\"]}"

# The reader (Grafana's logs data source) reads and lists the log indices and the cluster version, nothing more;
# it is created once its password Secret exists (a later run, if it appears after this one).
if [ -n "${READER_USER:-}" ] && [ -n "${READER_PASSWORD:-}" ]; then
  call PUT "/_security/role/${READER_USER}_role" "{\"cluster\":[\"monitor\"],\"indices\":[{\"names\":[\"$INDEX_PREFIX-*\"],\"privileges\":[\"read\",\"view_index_metadata\"]}]}"
  call PUT "/_security/user/$READER_USER" "{\"password\":\"$READER_PASSWORD\",\"roles\":[\"${READER_USER}_role\"]}"
fi

echo "Elasticsearch setup complete"
