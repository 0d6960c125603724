/**
 * Pod Security admission (https://kubernetes.io/docs/concepts/security/pod-security-admission/): the namespace
 * labels the platform writes and the guardrails read, in one module so neither side types them again.
 */

/** Pod Security Standards levels, from most to least restrictive. */
export const POD_SECURITY_LEVELS = ['restricted', 'baseline', 'privileged'] as const;
export type PodSecurityLevel = typeof POD_SECURITY_LEVELS[number];

/** The Pod Security Standards version namespaces pin: the API server this stack targets. */
export const POD_SECURITY_VERSION = 'v1.27';

/** What the admission controller does with a pod that breaks the level: reject it, audit-log it, or warn the client. */
export const POD_SECURITY_MODES = ['enforce', 'audit', 'warn'] as const;
export type PodSecurityMode = typeof POD_SECURITY_MODES[number];

/** Namespace label holding the level of one mode, e.g. `pod-security.kubernetes.io/enforce`. */
export function podSecurityLabel(mode: PodSecurityMode): string {
  return `pod-security.kubernetes.io/${mode}`;
}

/** Namespace label pinning the Standards version of one mode, e.g. `pod-security.kubernetes.io/enforce-version`. */
export function podSecurityVersionLabel(mode: PodSecurityMode): string {
  return `${podSecurityLabel(mode)}-version`;
}

/** The label the admission controller rejects pods by. */
export const POD_SECURITY_ENFORCE_LABEL = podSecurityLabel('enforce');

/** Whether a label value is a Pod Security level. */
export function isPodSecurityLevel(value: unknown): value is PodSecurityLevel {
  return (POD_SECURITY_LEVELS as readonly unknown[]).includes(value);
}
