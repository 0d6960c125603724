#!/bin/sh
# A stand-in for kubectl for the e2e step tests: appends every call (with KUBECTL_APPLYSET when set) to
# $FAKE_KUBE_LOG and succeeds silently, except:
#   kubectl diff ...            prints $FAKE_DIFF_OUTPUT (a file, if set), exits $FAKE_DIFF_EXIT (default 0)
#   kubectl apply ... --dry-run=server   prints $FAKE_PRUNE_OUTPUT (a file, if set)
set -eu
printf '%s%s\n' "${KUBECTL_APPLYSET:+KUBECTL_APPLYSET=$KUBECTL_APPLYSET }" "$*" >>"$FAKE_KUBE_LOG"
case "$1 $*" in
  diff*)
    if [ -n "${FAKE_DIFF_OUTPUT:-}" ]; then cat "$FAKE_DIFF_OUTPUT"; fi
    exit "${FAKE_DIFF_EXIT:-0}" ;;
  *--dry-run=server*)
    if [ -n "${FAKE_PRUNE_OUTPUT:-}" ]; then cat "$FAKE_PRUNE_OUTPUT"; fi ;;
esac
