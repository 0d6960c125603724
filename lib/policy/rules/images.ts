import { imageDigest, imageTag } from '../../core/image';
import { allContainers } from '../inventory';
import { rule, RuleFamily } from './rule';

export const IMAGE_RULES = {
  untagged: rule('IMG-NO-TAG',
    'Image has neither a tag nor a digest, so it silently means :latest',
    'Pin the image to an explicit version tag (e.g. nginx:1.25.3) or a digest (@sha256:...).'),
  latest: rule('IMG-LATEST',
    'Image uses the mutable :latest tag, so a restart can run different code',
    'Pin the image to an explicit version tag or a digest.'),
  reference: rule('IMG-REFERENCE',
    'Image reference is not one the kubelet can parse, so the pod never starts (InvalidImageName)',
    'Write `[registry[:port]/]repository[:tag][@sha256:digest]` with a lowercase repository path; a first part without a dot or port (e.g. `MyRegistry/`) is a Docker Hub path, not a registry.'),
};

// The 1.27 kubelet parses every image with github.com/docker/distribution's reference.ParseNormalizedNamed
// (pkg/kubelet/images/image_manager.go, applyDefaultImageTag) and fails the pod with InvalidImageName when it
// errs. Grammar from docker/distribution reference/regexp.go and normalize.go (splitDockerDomain), identical at
// tags v2.8.1, v2.8.2 and v2.8.3: path components are lowercase; the first part is a registry only if it has a dot
// or a port or is `localhost`, otherwise it is a (lowercase) Docker Hub path. Later versions of that library
// (distribution/reference) also take an uppercase first part as a registry; 1.27 does not.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/** Why the kubelet would refuse `reference`; undefined when it parses. An empty image is IMG-NO-TAG's. */
export function imageReferenceProblem(reference: string): string | undefined {
  if (reference.trim() !== reference) return 'leading or trailing whitespace';
  const digest = imageDigest(reference);
  if (digest !== undefined && !DIGEST.test(digest)) return `digest "${digest}" is not algorithm:hex`;
  const tag = imageTag(reference);
  if (tag !== undefined && !TAG.test(tag)) return `tag "${tag}" has characters other than letters, digits, "_", "." and "-" (or starts with "." or "-", or is longer than 128)`;
  const name = reference.split('@')[0].slice(0, tag === undefined ? undefined : -(tag.length + 1));
  if (name.length > 255) return 'repository name is longer than 255 characters';
  const parts = name.split('/');
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost')) {
    const registry = parts.shift()!;
    if (!DOMAIN.test(registry)) return `registry "${registry}" is not a host name with an optional port`;
  }
  const bad = parts.find(p => !PATH_COMPONENT.test(p));
  if (bad === undefined) return undefined;
  return bad.toLowerCase() !== bad ? `"${bad}" has uppercase letters: repository paths are lowercase` : `path component "${bad}" has invalid characters`;
}

/** Every container image (regular, init, ephemeral) parses, and has an explicit tag other than latest, or a digest. */
export const images: RuleFamily = {
  rules: Object.values(IMAGE_RULES),
  check(inv, report) {
    for (const [t, { container: c, path }] of allContainers(inv)) {
      const image = typeof c.image === 'string' ? c.image : '';
      const detail = `container "${c.name}" image "${image}"`;
      const problem = image ? imageReferenceProblem(image) : undefined;
      if (problem) {
        report(IMAGE_RULES.reference, t.owner, `${path}.image`, `${detail}: ${problem}`);
        continue;
      }
      // A digest pins the image whatever its tag says.
      if (imageDigest(image) !== undefined) continue;
      const tag = imageTag(image);
      if (!tag) report(IMAGE_RULES.untagged, t.owner, `${path}.image`, detail);
      else if (tag === 'latest') report(IMAGE_RULES.latest, t.owner, `${path}.image`, detail);
    }
  },
};
