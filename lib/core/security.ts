import { k8s } from './k8s';

/**
 * Security contexts that meet the `restricted` Pod Security Standard (v1.27): non-root, no
 * privilege escalation, every capability dropped, the runtime's default seccomp profile, and a
 * read-only root filesystem (writable paths come from emptyDir volumes).
 */

export interface RunAs {
  /** UID the processes run as. Must not be 0. */
  readonly user: number;
  /** @default - same as `user` */
  readonly group?: number;
}

/** Container-level context for low-level (`k8s.*`) pod specs. */
export function restrictedContainerSecurityContext(runAs?: RunAs): k8s.SecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: runAs?.user,
    runAsGroup: runAs ? runAs.group ?? runAs.user : undefined,
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export interface RestrictedPodOptions extends RunAs {
  /** Group that owns mounted volumes. @default - volumes keep their ownership */
  readonly fsGroup?: number;
  /** @default 'OnRootMismatch' when fsGroup is set: a recursive chown of a large volume on every start delays pods for minutes. */
  readonly fsGroupChangePolicy?: 'OnRootMismatch' | 'Always';
}

/** Pod-level context for low-level (`k8s.*`) pod specs. */
export function restrictedPodSecurityContext(options: RestrictedPodOptions): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: options.user,
    runAsGroup: options.group ?? options.user,
    fsGroup: options.fsGroup,
    fsGroupChangePolicy: options.fsGroup === undefined ? undefined : options.fsGroupChangePolicy ?? 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
