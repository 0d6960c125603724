#!/usr/bin/env bash
# Installs the pinned kind and kubectl of e2e/versions.sh into $1 (default ~/.local/bin), each checked
# against the checksum its release publishes. Linux amd64 (GitHub-hosted runners, most laptops).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=e2e/versions.sh
source e2e/versions.sh
bin=${1:-$HOME/.local/bin}
mkdir -p "$bin"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Downloads $1 to $tmp/$2 and checks it against the sha256 published at $3.
fetch_checked() {
  curl -fsSL -o "$tmp/$2" "$1"
  echo "$(curl -fsSL "$3" | cut -d' ' -f1)  $tmp/$2" | sha256sum -c -
  install -m 0755 "$tmp/$2" "$bin/$2"
}

fetch_checked "https://github.com/kubernetes-sigs/kind/releases/download/$KIND_VERSION/kind-linux-amd64" kind \
  "https://github.com/kubernetes-sigs/kind/releases/download/$KIND_VERSION/kind-linux-amd64.sha256sum"
fetch_checked "https://dl.k8s.io/release/$KUBECTL_VERSION/bin/linux/amd64/kubectl" kubectl \
  "https://dl.k8s.io/release/$KUBECTL_VERSION/bin/linux/amd64/kubectl.sha256"
"$bin/kind" version
"$bin/kubectl" version --client
