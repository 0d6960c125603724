# shellcheck shell=sh # appended to es-setup.sh, which defines call
# Exporter step of the Elasticsearch setup, run after es-setup.sh in the same shell: the metrics exporter's user.
# Inputs (environment): EXPORTER_USER, EXPORTER_PASSWORD, EXPORTER_CLUSTER_PRIVILEGES (a JSON array).
case $EXPORTER_PASSWORD in *[!A-Za-z0-9]*) echo "the exporter password contains characters other than A-Z a-z 0-9" >&2; exit 1 ;; esac
# Cluster health, node stats and the cluster info need `monitor` only; no index privilege (no index collectors).
call PUT "/_security/role/${EXPORTER_USER}_role" "{\"cluster\":$EXPORTER_CLUSTER_PRIVILEGES}"
call PUT "/_security/user/$EXPORTER_USER" "{\"password\":\"$EXPORTER_PASSWORD\",\"roles\":[\"${EXPORTER_USER}_role\"]}"
