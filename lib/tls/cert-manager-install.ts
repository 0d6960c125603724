/**
 * Where the official cert-manager install runs its controller, read in cert-manager/cert-manager v1.16.5
 * `deploy/charts/cert-manager/templates/deployment.yaml` (the static `cert-manager.yaml` is this chart rendered
 * as release `cert-manager` in namespace `cert-manager`): pod labels `app`, `app.kubernetes.io/name`,
 * `app.kubernetes.io/instance` and `app.kubernetes.io/component: controller`, and `/metrics` over http on the
 * container port `http-metrics` 9402. Dependency-free: config defaults and charts both read it.
 */
export const CERT_MANAGER_INSTALL = {
  version: 'v1.16.5',
  namespace: 'cert-manager',
  controllerPodLabels: {
    'app.kubernetes.io/name': 'cert-manager',
    'app.kubernetes.io/instance': 'cert-manager',
    'app.kubernetes.io/component': 'controller',
  },
  metricsPort: 9402,
} as const;
