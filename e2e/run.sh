#!/usr/bin/env bash
# npm run e2e: the dev environment on a kind cluster, end to end (docs/ci-workflows.md).
# Needs docker, kind, kubectl 1.27 or 1.28, curl and node; creates (or reuses) the kind cluster
# $E2E_CLUSTER and deletes it afterwards unless E2E_KEEP_CLUSTER=1. On failure, diagnostics are
# written to $E2E_ARTIFACTS.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=e2e/versions.sh
source e2e/versions.sh
# shellcheck source=e2e/steps.sh
source e2e/steps.sh

E2E_CLUSTER=${E2E_CLUSTER:-k8s-platform-e2e}
E2E_ARTIFACTS=${E2E_ARTIFACTS:-e2e-artifacts}
E2E_WORK=$(mktemp -d)

finish() {
  local status=$?
  if ((status != 0)) && kubectl config current-context 2>/dev/null | grep -qx "kind-$E2E_CLUSTER"; then
    collect_diagnostics "$E2E_ARTIFACTS"
  fi
  if [ "${E2E_KEEP_CLUSTER:-0}" != 1 ] && kind get clusters 2>/dev/null | grep -qx "$E2E_CLUSTER"; then
    kind delete cluster --name "$E2E_CLUSTER"
  fi
  rm -rf "$E2E_WORK"
  if ((status == 0)); then log "e2e passed"; else log "e2e failed (exit $status)"; fi
}
trap finish EXIT

require_tools
create_cluster
install_ingress_nginx
install_metrics_server
run_preflight
apply_environment
create_tls_secrets
wait_for_workloads
prove_logging
prove_kibana
prove_canary
prove_jenkins
prove_isolation
prove_apply_is_no_op
