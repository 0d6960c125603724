/**
 * Parts of a container image reference, `[registry[:port]/]repository[:tag][@digest]`
 * (https://github.com/distribution/reference): a colon before the last `/` belongs to the registry port,
 * and everything after `@` is the digest.
 */

/** The tag of an image reference, without any digest; undefined when it has none (a registry port is not a tag). */
export function imageTag(reference: string): string | undefined {
  const name = reference.split('@')[0];
  const colon = name.indexOf(':', name.lastIndexOf('/') + 1);
  return colon === -1 ? undefined : name.slice(colon + 1);
}

/** The digest of an image reference (e.g. `sha256:...`); undefined when it has none. */
export function imageDigest(reference: string): string | undefined {
  const at = reference.indexOf('@');
  return at === -1 ? undefined : reference.slice(at + 1);
}
