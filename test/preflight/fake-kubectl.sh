#!/bin/sh
# A stand-in for kubectl that replays recorded API responses. The response to `kubectl ARGS -o json
# [--context NAME]` is the file named after ARGS (spaces as "_", "/" as "%") with the suffix:
#   .json    printed, exit 0
#   .err     printed to stderr, exit 1 (e.g. a Forbidden error)
#   none     a NotFound error, exit 1
# looked up in $FAKE_KUBE_OVERRIDES first (when set), then in $FAKE_KUBE_RECORDED.
# Every call is appended, unchanged, to $FAKE_KUBE_LOG.
set -eu
printf '%s\n' "$*" >>"$FAKE_KUBE_LOG"
key=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o) shift 2; continue ;;
    --context) shift 2; continue ;;
  esac
  key="${key:+${key}_}$1"
  shift
done
key=$(printf '%s' "$key" | tr '/' '%')
for dir in ${FAKE_KUBE_OVERRIDES:-} "$FAKE_KUBE_RECORDED"; do
  if [ -f "$dir/$key.json" ]; then cat "$dir/$key.json"; exit 0; fi
  if [ -f "$dir/$key.err" ]; then cat "$dir/$key.err" >&2; exit 1; fi
done
echo "Error from server (NotFound): $key not found" >&2
exit 1
