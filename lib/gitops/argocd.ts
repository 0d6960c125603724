import { ManifestFileContent } from '../synth/prune-layout';
import { APPLYSET_CRD_FILE } from '../synth/prune-layout';
import { BOOTSTRAP_DIR } from '../synth/bootstrap-dir';
import { compareStrings } from '../core/compare';

/**
 * Argo CD delivery of the rendered environments (docs/environments.md): app-of-apps Applications in
 * `dist/gitops/`, and the annotations Argo CD reads on the objects of `dist/<env>/`.
 *
 * What Argo CD does with them, as documented by argoproj/argo-cd (docs/user-guide/sync-options.md,
 * sync-waves.md, resource_tracking.md, diffing.md, release 3.x):
 * - `argocd.argoproj.io/sync-wave`: lower waves are applied (and healthy) before higher ones; within a wave by kind.
 * - `argocd.argoproj.io/sync-options` on an object, options joined by `,`: `Prune=false` keeps it when it leaves
 *   the render, `Delete=false` keeps it when the Application is deleted.
 * - Resource tracking: Argo CD 3.x tracks with the annotation `argocd.argoproj.io/tracking-id` by default. The
 *   older `label` method writes `app.kubernetes.io/instance`, which this render's selectors use: it must not be
 *   configured (argocd-cm `application.resourceTrackingMethod`).
 */
export const ARGOCD = {
  apiVersion: 'argoproj.io/v1alpha1',
  syncWave: 'argocd.argoproj.io/sync-wave',
  syncOptions: 'argocd.argoproj.io/sync-options',
  /** Namespaces hold data (PVCs) and everything else: never pruned, never deleted with the Application (docs/apply.md). */
  keep: 'Prune=false,Delete=false',
} as const;

/** Kinds Argo CD must never delete, as prune never does (lib/synth/prune-layout.ts NEVER_PRUNED). */
const KEPT_KINDS = new Set(['Namespace']);

/** Files of the kubectl ApplySet (docs/apply.md) that Argo CD, which tracks objects itself, does not apply. */
export const APPLYSET_FILES = [APPLYSET_CRD_FILE, `${BOOTSTRAP_DIR}/0002-applyset.k8s.yaml`] as const;

/**
 * The environment's files with Argo CD's annotations: each object's sync wave is its file's position, so a sync
 * applies in the order `kubectl apply` reads the files (bootstrap: namespaces first), and Namespaces are kept.
 */
export function withSyncWaves(files: readonly ManifestFileContent[]): ManifestFileContent[] {
  const applied = files.filter(f => !(APPLYSET_FILES as readonly string[]).includes(f.file));
  return files.map(file => {
    const wave = applied.indexOf(file);
    if (wave === -1) return file;
    return {
      file: file.file,
      objects: file.objects.map(object => ({
        ...object,
        metadata: {
          ...object.metadata,
          annotations: {
            ...object.metadata?.annotations,
            [ARGOCD.syncWave]: String(wave),
            ...(KEPT_KINDS.has(object.kind) ? { [ARGOCD.syncOptions]: ARGOCD.keep } : {}),
          },
        },
      })),
    };
  });
}

/** One environment delivered by Argo CD. */
export interface GitopsEnvironment {
  /** Environment name: the folder `dist/<name>` and the Application `platform-<name>`. */
  readonly name: string;
  /** The cluster's API server URL, as registered in Argo CD (`argocd cluster add <context>`). */
  readonly server: string;
  /** Git URL of this repository. */
  readonly repoURL: string;
  /** Branch, tag or commit the environment runs. */
  readonly revision: string;
  /** Namespace of Argo CD's Applications. */
  readonly namespace: string;
  /** Argo CD project. */
  readonly project: string;
  /** Sync automatically, with prune and self-heal. */
  readonly automated: boolean;
  /** The rendered objects: HPA targets get `ignoreDifferences` on their replicas. */
  readonly objects: readonly any[];
}

/** `dist/gitops/` layout: flat, so `npm run diff` and `npm run validate` read every Application. */
export const GITOPS_DIR = 'gitops';
export const ROOT_FILE = 'root.k8s.yaml';

/** Server-side apply, as `kubectl apply --server-side` (docs/apply.md); prune after everything else is applied. */
export const SYNC_OPTIONS = ['ServerSideApply=true', 'PruneLast=true', 'RespectIgnoreDifferences=true', 'FailOnSharedResource=true'] as const;

/** The file of an environment's Application in `dist/gitops/`. */
export function applicationFile(environment: string): string {
  return `platform-${environment}.k8s.yaml`;
}

/** The Application of one environment. */
export function environmentApplication(env: GitopsEnvironment): any {
  // Replicas of an HPA's target belong to the HPA controller: the only fields Argo CD is told to leave alone.
  const ignoreDifferences = env.objects
    .filter(o => o.kind === 'HorizontalPodAutoscaler')
    .map(hpa => ({
      group: hpa.spec.scaleTargetRef.apiVersion.includes('/') ? hpa.spec.scaleTargetRef.apiVersion.split('/')[0] : '',
      kind: hpa.spec.scaleTargetRef.kind,
      name: hpa.spec.scaleTargetRef.name,
      namespace: hpa.metadata.namespace,
      jsonPointers: ['/spec/replicas'],
    }))
    .sort((a, b) => compareStrings(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
  return {
    apiVersion: ARGOCD.apiVersion,
    kind: 'Application',
    metadata: { name: `platform-${env.name}`, namespace: env.namespace, labels: { 'app.kubernetes.io/part-of': 'platform', 'platform.internal/environment': env.name } },
    spec: {
      project: env.project,
      source: {
        repoURL: env.repoURL,
        targetRevision: env.revision,
        path: `dist/${env.name}`,
        directory: { recurse: true, exclude: `{${APPLYSET_FILES.join(',')}}` },
      },
      destination: { server: env.server },
      syncPolicy: {
        ...(env.automated ? { automated: { prune: true, selfHeal: true } } : {}),
        syncOptions: [...SYNC_OPTIONS],
      },
      ...(ignoreDifferences.length > 0 ? { ignoreDifferences } : {}),
    },
  };
}

/**
 * `dist/gitops/`: the root Application (applied once by hand) that syncs the rest of `dist/gitops/` into Argo CD's
 * own cluster: one Application per environment, `platform-<env>.k8s.yaml`. The root tracks the repository's default branch (`HEAD`), so
 * which revision each environment runs is itself reviewed and merged like any change.
 */
export function gitopsFiles(envs: readonly GitopsEnvironment[]): ManifestFileContent[] {
  const [first] = envs;
  const mismatch = envs.find(e => e.repoURL !== first.repoURL || e.namespace !== first.namespace);
  if (mismatch) throw new Error(`gitops: every environment must name the same repoURL and Argo CD namespace (one app-of-apps); ${mismatch.name} differs from ${first.name}`);
  const root = {
    apiVersion: ARGOCD.apiVersion,
    kind: 'Application',
    metadata: { name: 'platform', namespace: first.namespace, labels: { 'app.kubernetes.io/part-of': 'platform' } },
    spec: {
      project: first.project,
      source: { repoURL: first.repoURL, targetRevision: 'HEAD', path: `dist/${GITOPS_DIR}`, directory: { exclude: ROOT_FILE } },
      destination: { server: 'https://kubernetes.default.svc', namespace: first.namespace },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['ServerSideApply=true'] },
    },
  };
  return [
    { file: ROOT_FILE, objects: [root] },
    ...envs.map(env => ({ file: applicationFile(env.name), objects: [environmentApplication(env)] })),
  ];
}
