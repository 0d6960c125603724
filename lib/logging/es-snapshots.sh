# shellcheck shell=sh # appended to es-setup.sh, which defines call
# Snapshot step of the Elasticsearch setup, run after es-setup.sh in the same shell (it uses its `call`).
# Inputs (environment): SNAPSHOT_REPOSITORY, SNAPSHOT_REPOSITORY_BODY, SNAPSHOT_POLICY, SNAPSHOT_POLICY_BODY (JSON).
# Both are PUT on every run: a deleted or edited repository or policy is put back as rendered. Registering
# a repository makes every node verify it can write there, so a wrong bucket, key or mount fails this run.
call PUT "/_snapshot/$SNAPSHOT_REPOSITORY" "$SNAPSHOT_REPOSITORY_BODY"
call PUT "/_slm/policy/$SNAPSHOT_POLICY" "$SNAPSHOT_POLICY_BODY"
echo "Snapshot repository and policy in place"
