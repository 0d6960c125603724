import { createHash } from 'crypto';

/**
 * A short, stable digest of some content: used in pod-template annotations so that a
 * configuration change rolls the pods, and in names of immutable objects (Jobs).
 */
export function contentHash(content: unknown, length = 10): string {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/**
 * Name for an object whose spec cannot be updated in place (a Job's pod template is immutable):
 * `<base>-<hash of everything it runs>`. Any change (image, script, parameters) yields a new
 * object instead of an update the API server refuses; an unchanged spec re-applies as a no-op.
 */
export function versionedName(base: string, ...contents: unknown[]): string {
  return `${base}-${contentHash(contents, 8)}`;
}
