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

/** Docker Hub, as references name it when they name no registry (docker/distribution reference/normalize.go). */
export const DOCKER_HUB = 'docker.io';

/** A reference split into registry host, repository path and the `:tag`/`@digest` suffix, Docker-normalized. */
export interface ImageParts {
  /** Registry host[:port]; `docker.io` when the reference names none. */
  readonly registry: string;
  /** Repository path; Docker Hub's single-name images get `library/` (e.g. `library/nginx`). */
  readonly repository: string;
  /** Everything after the repository: `:tag`, `@digest` or both, kept verbatim. */
  readonly suffix: string;
}

/**
 * Splits a reference the way the kubelet normalizes it (docker/distribution `splitDockerDomain`): the first
 * path part is a registry only if it contains `.` or `:` or is `localhost`; `index.docker.io` is Docker Hub.
 */
export function imageParts(reference: string): ImageParts {
  const at = reference.indexOf('@');
  const name = at === -1 ? reference : reference.slice(0, at);
  const colon = name.indexOf(':', name.lastIndexOf('/') + 1);
  const path = colon === -1 ? name : name.slice(0, colon);
  const suffix = reference.slice(path.length);
  const parts = path.split('/');
  const hasRegistry = parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost');
  const registry = hasRegistry ? parts.shift()! : DOCKER_HUB;
  const normalized = registry === 'index.docker.io' ? DOCKER_HUB : registry;
  const repository = normalized === DOCKER_HUB && parts.length === 1 ? `library/${parts[0]}` : parts.join('/');
  return { registry: normalized, repository, suffix };
}

/** A registry mirror: one host, with a path per upstream registry it proxies. */
export interface ImageMirror {
  /** Mirror host[:port], e.g. `registry.example.com`. */
  readonly host: string;
  /** Path prefix on the mirror per upstream registry host, e.g. `{ 'docker.io': 'dockerhub' }`. */
  readonly paths: Readonly<Record<string, string>>;
}

/**
 * The reference on the mirror: `<host>/<path of the upstream registry>/<repository><:tag@digest>`, e.g.
 * `docker.io/library/nginx:1.27` → `registry.example.com/dockerhub/library/nginx:1.27`. A reference already on the
 * mirror is returned as is; undefined when the mirror has no path for the reference's registry.
 */
export function mirrorImage(reference: string, mirror: ImageMirror): string | undefined {
  const { registry, repository, suffix } = imageParts(reference);
  if (registry === mirror.host) return reference;
  const prefix = mirror.paths[registry];
  return prefix === undefined ? undefined : `${mirror.host}/${prefix}/${repository}${suffix}`;
}

/** The upstream reference behind a mirrored one (the inverse of `mirrorImage`); other references unchanged. */
export function upstreamImage(reference: string, mirror: ImageMirror | undefined): string {
  if (!mirror) return reference;
  const { registry, repository, suffix } = imageParts(reference);
  if (registry !== mirror.host) return reference;
  const hit = Object.entries(mirror.paths).find(([, prefix]) => repository.startsWith(`${prefix}/`));
  return hit ? `${hit[0]}/${repository.slice(hit[1].length + 1)}${suffix}` : reference;
}
