import { z } from 'zod';
import { bool, dnsLabel, strictObject } from './primitives';

const GIT_URL = /^(https:\/\/[^\s]+|ssh:\/\/[^\s]+|git@[^\s:]+:[^\s]+)$/;
const REVISION = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

/**
 * Delivery by Argo CD instead of `kubectl apply` (docs/environments.md): an `Application` in `dist/gitops/apps/`
 * syncs `dist/<env>` of this repository into the environment's cluster (`cluster.server`).
 */
export const gitopsSchema = strictObject({
  /** This repository as Argo CD's repo server clones it (https, ssh:// or scp-like git@host:path). */
  repoURL: z.string({ required_error: 'required: expected the git URL of this repository', invalid_type_error: 'expected a git URL' })
    .regex(GIT_URL, 'expected a git URL such as "https://git.example.com/platform/k8s-platform.git" or "git@git.example.com:platform/k8s-platform.git"'),
  /** Branch, tag or commit whose `dist/<env>` the cluster runs. @default 'main' */
  revision: z.string().regex(REVISION, 'expected a branch, tag or commit such as "main" or "release/prod"').default('main'),
  /** Namespace of Argo CD's Applications (all environments of the fleet share one Argo CD). @default 'argocd' */
  namespace: dnsLabel.default('argocd'),
  /** Argo CD project of the Application. @default 'default' */
  project: dnsLabel.default('default'),
  /** Sync on every change of the revision, with prune and self-heal; otherwise sync on demand. @default false */
  automated: bool.default(false),
});
export type GitopsConfig = z.output<typeof gitopsSchema>;
