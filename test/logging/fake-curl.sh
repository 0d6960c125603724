#!/bin/sh
# A stand-in for curl playing an Elasticsearch cluster, implementing only what es-setup.sh sends.
# Objects PUT or POSTed are kept as their body in $FAKE_ES_STORE/es/<request path>; every call is
# logged to calls.log as "METHOD PATH BODY" and its arguments to argv.log. Knobs, as files in the
# store: `unhealthy` (how many health checks still time out), `fail` (a path answered with 500).
set -eu
store=$FAKE_ES_STORE
printf '%s\n' "$*" >>"$store/argv.log"
method=GET body='' output=/dev/null config='' url=''
while [ $# -gt 0 ]; do
  case $1 in
    --config) config=$2; shift ;;
    --output) output=$2; shift ;;
    --request) method=$2; shift ;;
    --data-binary) body=$2; shift ;;
    --max-time|--write-out|--header) shift ;;
    --silent|--show-error) ;;
    -*) echo "fake curl: unsupported option $1" >&2; exit 2 ;;
    *) url=$1 ;;
  esac
  shift
done
path=/${url#*://*/}
printf '%s %s %s\n' "$method" "$path" "$body" >>"$store/calls.log"

respond() { # status body: like curl --write-out '%{http_code}' without --fail
  printf '%s' "$2" >"$output"
  printf '%s' "$1"
  exit 0
}

grep -qxF "user = \"elastic:$FAKE_ES_ELASTIC_PASSWORD\"" "$config" || respond 401 '{"error":"unable to authenticate user [elastic]"}'
[ "$(cat "$store/fail" 2>/dev/null)" != "$path" ] || respond 500 '{"error":"injected"}'

case "$method $path" in
  "GET /_cluster/health?"*)
    pending=$(cat "$store/unhealthy" 2>/dev/null || echo 0)
    if [ "$pending" -gt 0 ]; then
      echo $((pending - 1)) >"$store/unhealthy"
      respond 408 '{"status":"red","timed_out":true}'
    fi
    respond 200 '{"status":"yellow","timed_out":false}' ;;
  "PUT /"* | "POST /"*)
    mkdir -p "$(dirname "$store/es$path")"
    printf '%s' "$body" >"$store/es$path"
    respond 200 '{"acknowledged":true}' ;;
  *) echo "fake curl: unsupported call: $method $path" >&2; exit 2 ;;
esac
