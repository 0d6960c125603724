# shellcheck shell=sh disable=SC2154 # appended to es-setup.sh, which defines tmp and call
# Audit step of the Elasticsearch setup, run after es-setup.sh in the same shell (it uses its `call`).
# Inputs (environment): AUDIT_INDEX_PREFIX, AUDIT_ILM_BODY, AUDIT_TEMPLATE_BODY, AUDIT_WRITER_ROLE, AUDIT_ROLE_BODY,
# AUDIT_WRITER_USER, AUDIT_WRITER_PASSWORD, KIBANA_URL, AUDIT_DATA_VIEW_BODY. Everything is put on every run.
case $AUDIT_WRITER_PASSWORD in *[!A-Za-z0-9]*) echo "the audit writer password contains characters other than A-Z a-z 0-9" >&2; exit 1 ;; esac

call PUT "/_ilm/policy/$AUDIT_INDEX_PREFIX" "$AUDIT_ILM_BODY"
call PUT "/_index_template/$AUDIT_INDEX_PREFIX" "$AUDIT_TEMPLATE_BODY"
call PUT "/_security/role/$AUDIT_WRITER_ROLE" "$AUDIT_ROLE_BODY"
call PUT "/_security/user/$AUDIT_WRITER_USER" "{\"password\":\"$AUDIT_WRITER_PASSWORD\",\"roles\":[\"$AUDIT_WRITER_ROLE\"]}"

# The Kibana data view, by a fixed id, replaced on every run (`override`). Kibana may still be starting:
# the run then fails here and the pod (or the next scheduled run) tries again.
status=$(curl --silent --show-error --config "$tmp/curl.conf" --max-time 30 --output "$tmp/response" --write-out '%{http_code}' \
  --request POST --header 'Content-Type: application/json' --header 'kbn-xsrf: true' --data-binary "$AUDIT_DATA_VIEW_BODY" \
  "$KIBANA_URL/api/data_views/data_view") || status=000
case $status in
  2??) echo "POST /api/data_views/data_view: $status" ;;
  *) echo "POST /api/data_views/data_view: HTTP $status $(cat "$tmp/response" 2>/dev/null)" >&2; exit 1 ;;
esac
echo "Audit indices, writer and data view in place"
