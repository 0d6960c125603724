import { z } from 'zod';

/**
 * How tools reach an environment's cluster. Each environment names its own, so that apply, preflight and
 * Argo CD address the cluster the render was made for, and prod is never applied to the test cluster.
 */

/** A kubeconfig context name (kind: `kind-<cluster>`, EKS: an ARN, GKE: `gke_<project>_<zone>_<cluster>`). */
export const kubeContext = z.string({ required_error: 'required: expected the kubeconfig context of this environment\'s cluster', invalid_type_error: 'expected a kubeconfig context name' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9@._:/-]*$/, 'expected a kubeconfig context name (letters, digits and "@._:/-")');

/** The API server URL, as `kubectl config view` shows it for the context (Argo CD's destination `server`). */
export const apiServerUrl = z.string({ required_error: 'required: expected the API server URL such as "https://api.test.example.com:6443"', invalid_type_error: 'expected an API server URL' })
  .regex(/^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/, 'expected an https API server URL such as "https://api.test.example.com:6443" (no path)');
