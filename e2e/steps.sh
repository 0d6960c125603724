# shellcheck shell=bash
# The steps of `npm run e2e`, one small function each; e2e/run.sh calls them in order. Every wait is
# bounded and every failure says what was expected. The judging of responses is in lib/e2e/checks.ts
# (unit-tested against recorded responses in test/e2e/).

E2E_ENV=dev
E2E_TENANT=team-a
# A namespace outside the render, for the isolation check: not a tenant, no policies of its own.
E2E_OUTSIDE=e2e-outside
MARKER_WAIT_SECONDS=${MARKER_WAIT_SECONDS:-180}
ROLLOUT_TIMEOUT=${ROLLOUT_TIMEOUT:-900s}

log() { printf '\n==> %s\n' "$*" >&2; }
fail() { printf 'e2e FAILED: %s\n' "$*" >&2; return 1; }

# Runs one assertion of lib/e2e/checks.ts on standard input.
check() { node --require ./lib/synth/register.js lib/e2e/cli.ts "$@"; }

# Retries "$@" every 5 s for at most $1 seconds; returns its last status.
retry_for() {
  local seconds=$1; shift
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    if ((SECONDS >= deadline)); then return 1; fi
    sleep 5
  done
}

require_tools() {
  local tool
  for tool in docker kind kubectl curl node openssl; do
    command -v "$tool" >/dev/null || fail "$tool is not on PATH (needed: docker, kind $KIND_VERSION, kubectl $KUBECTL_VERSION, curl, node, openssl)"
  done
  # ApplySets need kubectl 1.27+, and 1.28 is the newest client a 1.27 server supports (version skew).
  local client kind_found
  client=$(kubectl version --client -o json)
  [[ $client =~ \"minor\":\ \"2[78]\" ]] || fail "kubectl 1.27 or 1.28 expected (docs/apply.md), found: $client"
  kind_found=$(kind version)
  [[ $kind_found == "kind $KIND_VERSION "* ]] || printf 'warning: kind %s expected (the node image is built for it), found: %s\n' "$KIND_VERSION" "$kind_found" >&2
}

create_cluster() {
  if kind get clusters 2>/dev/null | grep -qx "$E2E_CLUSTER"; then
    log "reusing kind cluster $E2E_CLUSTER"
  else
    log "creating kind cluster $E2E_CLUSTER ($KIND_NODE_IMAGE)"
    kind create cluster --name "$E2E_CLUSTER" --image "$KIND_NODE_IMAGE" --config e2e/kind-config.yaml --wait 120s
  fi
  kubectl config use-context "kind-$E2E_CLUSTER" >/dev/null
}

install_ingress_nginx() {
  log "ingress-nginx $INGRESS_NGINX_VERSION"
  # The static manifest runs the controller with --enable-metrics=false; the web apps' alerts and dashboards read
  # its request metrics (preflight checks this), so they are switched back on.
  curl -fsSL "https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-$INGRESS_NGINX_VERSION/deploy/static/provider/kind/deploy.yaml" \
    | sed 's/--enable-metrics=false/--enable-metrics=true/' | kubectl apply -f -
  # The IngressClass nginx belongs to this repository (README, Applying an environment).
  kubectl delete ingressclass nginx --ignore-not-found
  kubectl -n ingress-nginx rollout status deployment/ingress-nginx-controller --timeout=300s
}

install_metrics_server() {
  log "metrics-server $METRICS_SERVER_VERSION"
  kubectl apply -f "https://github.com/kubernetes-sigs/metrics-server/releases/download/$METRICS_SERVER_VERSION/components.yaml"
  # kind's kubelets serve self-signed certificates. The apply above resets the args, so this adds the flag once.
  kubectl -n kube-system patch deployment metrics-server --type json \
    -p '[{"op":"add","path":"/spec/template/spec/containers/0/args/-","value":"--kubelet-insecure-tls"}]'
  kubectl -n kube-system rollout status deployment/metrics-server --timeout=300s
}

run_preflight() {
  log "npm run preflight -- $E2E_ENV"
  npm run --silent preflight -- "$E2E_ENV" --context "kind-$E2E_CLUSTER" || fail "preflight found missing prerequisites (see above)"
}

# docs/apply.md, "Commands", word for word with dev.
apply_environment() {
  log "applying dist/$E2E_ENV/ (docs/apply.md)"
  kubectl apply -f "dist/$E2E_ENV/bootstrap/0000-applyset-crd.k8s.yaml"
  kubectl wait --for=condition=Established --timeout=60s crd/applysets.platform.internal
  kubectl apply -f "dist/$E2E_ENV/bootstrap/"
  KUBECTL_APPLYSET=true kubectl apply --server-side --prune --applyset="applysets.platform.internal/$E2E_ENV" -f "dist/$E2E_ENV/"
}

# Every Deployment, StatefulSet and DaemonSet rolled out and every Job of the render completed.
wait_for_workloads() {
  log "waiting for every rollout and Job of dist/$E2E_ENV/"
  # Listed first: a failing list inside `< <(...)` would only make the loop wait for nothing.
  local workloads namespace kind name
  workloads=$(check workloads "dist/$E2E_ENV") || fail "could not list the workloads of dist/$E2E_ENV/"
  [ -n "$workloads" ] || fail "dist/$E2E_ENV/ has no workload to wait for"
  while read -r namespace kind name; do
    if [ "$kind" = job ]; then
      kubectl -n "$namespace" wait --for=condition=complete "job/$name" --timeout="$ROLLOUT_TIMEOUT" \
        || fail "Job $namespace/$name did not complete within $ROLLOUT_TIMEOUT"
    else
      kubectl -n "$namespace" rollout status "$kind/$name" --timeout="$ROLLOUT_TIMEOUT" \
        || fail "$kind $namespace/$name did not roll out within $ROLLOUT_TIMEOUT"
    fi
  done <<<"$workloads"
}

secret_value() { kubectl -n "$1" get secret "$2" -o "jsonpath={.data.$3}" | base64 -d; }

# A restricted-compliant busybox pod running "$3" in namespace $1, named $2.
run_pod() {
  kubectl -n "$1" apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata: {name: $2, labels: {app.kubernetes.io/name: $2, app.kubernetes.io/part-of: e2e}}
spec:
  restartPolicy: Never
  automountServiceAccountToken: false
  securityContext: {runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: {type: RuntimeDefault}}
  containers:
    - name: main
      image: $E2E_POD_IMAGE
      command: [sh, -c, '$3']
      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
      resources: {requests: {cpu: 10m, memory: 16Mi}, limits: {cpu: 100m, memory: 32Mi}}
EOF
  kubectl -n "$1" wait --for=condition=Ready "pod/$2" --timeout=120s || fail "pod $1/$2 did not start"
}

# 1. A tenant pod's log line reaches Elasticsearch with its namespace and pod name.
es_search_marker() {
  curl -sf -u "elastic:$ES_PASSWORD" -H 'Content-Type: application/json' "http://127.0.0.1:$ES_LOCAL_PORT/k8s-logs-*/_search" \
    -d "{\"size\":5,\"query\":{\"match_phrase\":{\"message\":\"$MARKER\"}}}" | check marker "$MARKER" "$E2E_TENANT" e2e-marker
}

prove_logging() {
  log "1. log line from $E2E_TENANT to Elasticsearch"
  MARKER="e2e-marker-$(date +%s)-$RANDOM"
  kubectl -n "$E2E_TENANT" delete pod e2e-marker --ignore-not-found --wait
  run_pod "$E2E_TENANT" e2e-marker "echo $MARKER; sleep 3600"
  ES_PASSWORD=$(secret_value logging elasticsearch-elastic password)
  ES_LOCAL_PORT=19200
  kubectl -n logging port-forward svc/elasticsearch "$ES_LOCAL_PORT:9200" >/dev/null &
  local forward=$!
  local status=0
  retry_for "$MARKER_WAIT_SECONDS" es_search_marker || status=$?
  kill "$forward" 2>/dev/null || true  # already gone if the forward broke
  kubectl -n "$E2E_TENANT" delete pod e2e-marker --wait=false
  ((status == 0)) || fail "marker $MARKER not found in Elasticsearch (k8s-logs-*) within ${MARKER_WAIT_SECONDS}s with kubernetes.namespace_name=$E2E_TENANT, pod_name=e2e-marker"
}

# The dev hosts' TLS Secrets, which the operator supplies (docs/secrets.md): a self-signed certificate per
# Ingress TLS host, which the proofs then trust (host_curl), so a wrong secretName or host fails instead of
# hiding behind curl -k. ingress-nginx picks the Secrets up when they appear.
create_tls_secrets() {
  log "TLS Secrets of the $E2E_ENV hosts"
  mkdir -p "$E2E_WORK/tls"
  local secrets namespace secret host
  secrets=$(check tls-secrets "dist/$E2E_ENV") || fail "could not list the TLS Secrets of dist/$E2E_ENV/"
  [ -n "$secrets" ] || fail "dist/$E2E_ENV/ has no Ingress TLS host"
  while read -r namespace secret host; do
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$host" -addext "subjectAltName=DNS:$host" \
      -keyout "$E2E_WORK/tls/$host.key" -out "$E2E_WORK/tls/$host.crt" 2>/dev/null
    kubectl -n "$namespace" create secret tls "$secret" --cert="$E2E_WORK/tls/$host.crt" --key="$E2E_WORK/tls/$host.key" \
      --dry-run=client -o yaml | kubectl apply -f -
  done <<<"$secrets"
}

# curl to a dev host through the kind node's port 443 (no DNS lookup of *.localtest.me), trusting only its certificate.
host_curl() { # host curl-args...
  local host=$1; shift
  curl --resolve "$host:443:127.0.0.1" --cacert "$E2E_WORK/tls/$host.crt" "$@"
}

kibana_status() {
  host_curl kibana.localtest.me -s -u "elastic:$ES_PASSWORD" "https://kibana.localtest.me/api/status" | check kibana
}

# 2. Kibana answers through the ingress and reports available.
prove_kibana() {
  log "2. Kibana /api/status"
  ES_PASSWORD=$(secret_value logging elasticsearch-elastic password)
  retry_for 300 kibana_status || fail "Kibana did not report available at https://kibana.localtest.me/api/status within 300s"
}

# 3. hello.localtest.me answers 200 through the ingress; 200 requests split about 80/20 with the canary.
# hello-app answers "Version: 1.0.0" (tag 1.0) or "Version: 2.0.0" (tag 2.0, the dev canary) on its second line
# (GoogleCloudPlatform/kubernetes-engine-samples, hello-app/main.go).
prove_canary() {
  log "3. https://hello.localtest.me and the canary split"
  retry_for 120 host_curl hello.localtest.me -sf -o /dev/null https://hello.localtest.me/ || fail "https://hello.localtest.me/ did not answer 200 within 120s"
  local i
  for i in $(seq 200); do
    host_curl hello.localtest.me -s -w '%{http_code} ' -o "$E2E_WORK/hello.$i" https://hello.localtest.me/ || true
    grep -o 'Version: [0-9.]*' "$E2E_WORK/hello.$i" | cut -d' ' -f2 || echo none
  done > "$E2E_WORK/canary.txt"
  check canary 2.0.0 0.10 0.30 < "$E2E_WORK/canary.txt" || fail "the canary share of 200 requests is outside 10-30 % (dev weight 20)"
}

jenkins() { host_curl jenkins.localtest.me -sf -u "admin:$JENKINS_PASSWORD" -b "$E2E_WORK/jenkins.cookies" -c "$E2E_WORK/jenkins.cookies" "$@"; }
jenkins_crumb() { jenkins "$JENKINS_URL/crumbIssuer/api/xml?xpath=concat(//crumbRequestField,\":\",//crumb)"; }
jenkins_build_done() { jenkins "$JENKINS_URL/job/e2e-echo/1/api/json" | check jenkins-build 2>/dev/null; }
agent_pods_gone() { kubectl -n ci-agents get pods -o json | check no-pods; }

# 4. A pipeline runs `echo ok` on a Kubernetes agent pod in ci-agents; the pod is gone afterwards.
prove_jenkins() {
  log "4. Jenkins pipeline on a Kubernetes agent"
  JENKINS_URL=https://jenkins.localtest.me
  JENKINS_PASSWORD=$(secret_value ci jenkins-admin admin-password)
  retry_for 300 jenkins "$JENKINS_URL/login" -o /dev/null || fail "Jenkins did not answer at $JENKINS_URL/login within 300s"
  local crumb
  crumb=$(jenkins_crumb) || fail "no CSRF crumb from $JENKINS_URL/crumbIssuer"
  jenkins -X POST -H "$crumb" "$JENKINS_URL/job/e2e-echo/doDelete" -o /dev/null || true
  jenkins -X POST -H "$crumb" -H 'Content-Type: application/xml' --data-binary @e2e/jenkins-job.xml "$JENKINS_URL/createItem?name=e2e-echo" -o /dev/null \
    || fail "could not create the pipeline job e2e-echo"
  jenkins -X POST -H "$crumb" "$JENKINS_URL/job/e2e-echo/build" -o /dev/null || fail "could not start e2e-echo"
  retry_for 600 jenkins_build_done \
    || fail "e2e-echo #1 did not succeed within 600s: $(jenkins "$JENKINS_URL/job/e2e-echo/1/api/json" | check jenkins-build 2>&1)"
  jenkins "$JENKINS_URL/job/e2e-echo/1/consoleText" | check console-line ok || fail "e2e-echo #1 did not print ok"
  retry_for 120 agent_pods_gone || fail "agent pods remain in ci-agents 120s after the build (podRetention: Never)"
}

# wget from pod $1/$2 to $3:8080; returns wget's status.
reach() { kubectl -n "$1" exec "$2" -- wget -q -T 5 -O /dev/null "http://$3:8080/"; }
pod_ip() { kubectl -n "$1" get pod "$2" -o jsonpath='{.status.podIP}'; }

# 5. Default-deny: the tenant's pods reach each other and DNS, nothing outside, and nothing outside reaches them.
prove_isolation() {
  log "5. NetworkPolicy isolation of $E2E_TENANT"
  kubectl create namespace "$E2E_OUTSIDE" --dry-run=client -o yaml | kubectl apply -f -
  kubectl label namespace "$E2E_OUTSIDE" pod-security.kubernetes.io/enforce=restricted --overwrite
  local ns serve='echo ok > /tmp/index.html && httpd -f -p 8080 -h /tmp'
  for ns in "$E2E_TENANT" "$E2E_OUTSIDE"; do
    run_pod "$ns" e2e-server "$serve"
    run_pod "$ns" e2e-client 'sleep 3600'
  done
  local inside outside
  inside=$(pod_ip "$E2E_TENANT" e2e-server)
  outside=$(pod_ip "$E2E_OUTSIDE" e2e-server)
  reach "$E2E_OUTSIDE" e2e-client "$outside" || fail "control: a pod without policies cannot reach its neighbour ($outside)"
  reach "$E2E_TENANT" e2e-client "$inside" || fail "a $E2E_TENANT pod cannot reach another $E2E_TENANT pod ($inside:8080)"
  kubectl -n "$E2E_TENANT" exec e2e-client -- nslookup kubernetes.default.svc.cluster.local >/dev/null \
    || fail "a $E2E_TENANT pod cannot resolve kubernetes.default.svc.cluster.local"
  if reach "$E2E_TENANT" e2e-client "$outside"; then fail "a $E2E_TENANT pod reached a pod in $E2E_OUTSIDE ($outside:8080): egress is not denied"; fi
  if reach "$E2E_OUTSIDE" e2e-client "$inside"; then fail "a pod in $E2E_OUTSIDE reached a $E2E_TENANT pod ($inside:8080): ingress is not denied"; fi
  kubectl -n "$E2E_TENANT" delete pod e2e-server e2e-client --wait=false
  kubectl delete namespace "$E2E_OUTSIDE" --wait=false
}

# 6. The same apply again changes nothing and prunes nothing.
prove_apply_is_no_op() {
  log "6. a second apply of dist/$E2E_ENV/ changes nothing"
  local code=0
  # A field manager of its own: `diff --server-side` otherwise dry-runs as "kubectl", the manager of the apply, which
  # also owns the part-of label the apply added and the files lack, so every object would show it removed
  # (kubectl v0.27.16 pkg/cmd/diff/diff.go Complete, GetApplyFieldManagerFlag); see docs/ci-workflows.md.
  kubectl diff --server-side --field-manager=e2e-second-apply -f "dist/$E2E_ENV/" > "$E2E_WORK/diff.txt" || code=$?
  cat "$E2E_WORK/diff.txt"
  check no-op "$code" < "$E2E_WORK/diff.txt" || fail "kubectl diff --server-side -f dist/$E2E_ENV/ is not empty after the first apply"
  KUBECTL_APPLYSET=true kubectl apply --server-side --prune --applyset="applysets.platform.internal/$E2E_ENV" -f "dist/$E2E_ENV/" --dry-run=server > "$E2E_WORK/prune.txt"
  check no-prune < "$E2E_WORK/prune.txt" || fail "the second apply would prune objects of its own render"
  apply_environment
}

# On failure: events, describe and logs of every pod, for the workflow artifact.
collect_diagnostics() {
  local dir=$1 namespace pod
  mkdir -p "$dir/logs"
  log "collecting diagnostics into $dir"
  kubectl get events -A --sort-by=.lastTimestamp > "$dir/events.txt" 2>&1
  kubectl get all,ingress,networkpolicy,pvc -A -o wide > "$dir/objects.txt" 2>&1
  kubectl describe pods -A > "$dir/describe-pods.txt" 2>&1
  kubectl describe nodes > "$dir/describe-nodes.txt" 2>&1
  while read -r namespace pod; do
    kubectl -n "$namespace" logs "$pod" --all-containers --prefix > "$dir/logs/$namespace.$pod.log" 2>&1
    kubectl -n "$namespace" logs "$pod" --all-containers --prefix --previous > "$dir/logs/$namespace.$pod.previous.log" 2>/dev/null || rm -f "$dir/logs/$namespace.$pod.previous.log"
  done < <(kubectl get pods -A -o jsonpath='{range .items[*]}{.metadata.namespace} {.metadata.name}{"\n"}{end}')
}
