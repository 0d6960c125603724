/**
 * The Kubernetes 1.27 API classes (`k8s.KubeDeployment`…) generated into cdk8s-plus-27, the only part of it this
 * repository uses. Loading this one module skips cdk8s-plus-27's L2 constructs, and importing it from one place
 * lets the synth bundle (lib/synth/run-bundled.js) wrap its thousands of exports once instead of once per file.
 */
export * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
