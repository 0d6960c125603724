# shellcheck shell=bash
# Pinned versions of everything `npm run e2e` installs. Renovate finds the versions by the "# renovate:"
# comment above each (renovate.json, "e2e tool versions") and the images by their registry; kind and its
# node image are one group (a node image is built for one kind release).
# shellcheck disable=SC2034 # sourced by e2e/run.sh

# kind v0.25.0 publishes this node image (tag and digest) for Kubernetes 1.27.
# renovate: datasource=github-releases depName=kubernetes-sigs/kind
KIND_VERSION=v0.25.0
# The image pins below are found by renovate.json's "container images" manager.
KIND_NODE_IMAGE=docker.io/kindest/node:v1.27.16@sha256:2d21a61643eafc439905e18705b8186f3296384750a835ad7a005dceb9546d20
# The kubectl the docs were read for (docs/apply.md: kubectl v1.27.16); CI installs exactly this one.
# renovate: datasource=github-releases depName=kubernetes/kubernetes
KUBECTL_VERSION=v1.27.16
# ingress-nginx 1.11 is a release line for Kubernetes 1.26-1.30: check its support table when bumping (not re-read here).
# renovate: datasource=github-releases depName=kubernetes/ingress-nginx extractVersion=^controller-(?<version>.+)$
INGRESS_NGINX_VERSION=v1.11.3
# metrics-server 0.7.x: Kubernetes 1.27+ in its README's compatibility matrix.
# renovate: datasource=github-releases depName=kubernetes-sigs/metrics-server
METRICS_SERVER_VERSION=v0.7.2
# The test pods of the data-path checks (also the image preflight prints for node checks).
E2E_POD_IMAGE=docker.io/library/busybox:1.36.1
