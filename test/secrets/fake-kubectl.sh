#!/bin/sh
# A stand-in for kubectl that keeps each Secret as the JSON manifest it was created from, under
# $FAKE_KUBE_STORE/<namespace>/<name>.json, implementing only the calls the bootstrap script makes.
# Every call is logged to calls.log. A Secret placed under $FAKE_KUBE_STORE/race/<namespace>/ appears
# just before this kubectl creates one of that name, as if another run had created it first; one under
# $FAKE_KUBE_STORE/appear/<namespace>/ appears at the second lookup of that name there. A file
# $FAKE_KUBE_STORE/unreachable/<namespace> makes the next read in that namespace fail as an API error (once).
set -eu
echo "$*" >>"$FAKE_KUBE_STORE/calls.log"
case "$1 $2" in
  "get secret")
    if [ -f "$FAKE_KUBE_STORE/unreachable/$5" ]; then
      rm "$FAKE_KUBE_STORE/unreachable/$5"
      echo "Unable to connect to the server: dial tcp 10.96.0.1:443: i/o timeout" >&2; exit 1
    fi
    appear="$FAKE_KUBE_STORE/appear/$5/$3.json"
    if [ -f "$appear" ]; then
      if [ -f "$appear.seen" ]; then mkdir -p "$FAKE_KUBE_STORE/$5"; mv "$appear" "$FAKE_KUBE_STORE/$5/$3.json"; rm "$appear.seen"
      else touch "$appear.seen"; fi
    fi
    file="$FAKE_KUBE_STORE/$5/$3.json"   # get secret NAME -n NS ...
    if [ ! -f "$file" ]; then
      case "$*" in *--ignore-not-found*) exit 0 ;; esac
      echo "Error from server (NotFound): secrets \"$3\" not found" >&2; exit 1
    fi
    case "$*" in
      *"-o name"*) echo "secret/$3" ;;
      *) sed 's/.*"data"://; s/}$//' "$file" ;;   # jsonpath {.data}: the data map as JSON
    esac ;;
  "create -f")
    manifest=$(cat)
    name=$(printf '%s' "$manifest" | sed 's/.*"metadata":{"name":"\([^"]*\)".*/\1/')
    ns=$(printf '%s' "$manifest" | sed 's/.*"namespace":"\([^"]*\)".*/\1/')
    if [ -f "$FAKE_KUBE_STORE/race/$ns/$name.json" ]; then
      mkdir -p "$FAKE_KUBE_STORE/$ns"
      mv "$FAKE_KUBE_STORE/race/$ns/$name.json" "$FAKE_KUBE_STORE/$ns/$name.json"
    fi
    if [ -f "$FAKE_KUBE_STORE/$ns/$name.json" ]; then
      echo "Error from server (AlreadyExists): secrets \"$name\" already exists" >&2; exit 1
    fi
    mkdir -p "$FAKE_KUBE_STORE/$ns"
    printf '%s' "$manifest" >"$FAKE_KUBE_STORE/$ns/$name.json" ;;
  *) echo "fake kubectl: unsupported call: $*" >&2; exit 2 ;;
esac
