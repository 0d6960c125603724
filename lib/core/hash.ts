import { createHash } from 'crypto';

/**
 * A short, stable digest of some content: used in pod-template annotations so that a
 * configuration change rolls the pods, and in names of immutable objects (Jobs).
 */
export function contentHash(content: unknown, length = 10): string {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}
