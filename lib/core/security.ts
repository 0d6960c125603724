import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';

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

/**
 * cdk8s-plus 27 cannot express a seccomp profile or `capabilities.drop: [ALL]` (its Capability
 * enum has no ALL), both of which `restricted` requires. Call this after the last container was
 * added: it patches the pod template of a cdk8s-plus workload. cdk8s-plus already renders
 * non-root, read-only root filesystem and no privilege escalation by default.
 */
export function completeRestrictedSecurity(workload: kplus.Deployment | kplus.StatefulSet | kplus.DaemonSet | kplus.Job): void {
  const object = ApiObject.of(workload);
  const pod = '/spec/template/spec';
  object.addJsonPatch(JsonPatch.add(`${pod}/securityContext/seccompProfile`, { type: 'RuntimeDefault' }));
  workload.initContainers.forEach((_, i) => object.addJsonPatch(JsonPatch.add(`${pod}/initContainers/${i}/securityContext/capabilities`, { drop: ['ALL'] })));
  workload.containers.forEach((_, i) => object.addJsonPatch(JsonPatch.add(`${pod}/containers/${i}/securityContext/capabilities`, { drop: ['ALL'] })));
}
