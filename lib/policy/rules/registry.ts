import { imageParts } from '../../core/image';
import { allContainers } from '../inventory';
import { rule, RuleFamily } from './rule';

export const REGISTRY_RULES = {
  registry: rule('IMG-REGISTRY',
    'Image comes from a registry outside the allowed ones, so the environment does not run the mirrored, scanned bits',
    'Pull it through the mirror (images.registry in the environment config), or pass its registry with --allowed-registry.'),
};

/**
 * Whether `image` is under one of `allowed`: a registry host (`registry.example.com`) or a host and path prefix
 * (`registry.example.com/dockerhub`). References are Docker-normalized first, so `nginx:1.27` is `docker.io/library/nginx`.
 */
export function isAllowedImage(image: string, allowed: readonly string[]): boolean {
  const { registry, repository } = imageParts(image);
  const full = `${registry}/${repository}`;
  return allowed.some(entry => registry === entry || full.startsWith(`${entry.replace(/\/+$/, '')}/`));
}

/** With allowed registries given (an environment with `images.registry`, or `--allowed-registry`), every container image is under one. */
export const registry: RuleFamily = {
  rules: Object.values(REGISTRY_RULES),
  check(inv, report, options) {
    const allowed = options?.allowedRegistries;
    if (!allowed) return;
    for (const [t, { container: c, path }] of allContainers(inv)) {
      if (typeof c.image !== 'string' || c.image === '' || isAllowedImage(c.image, allowed)) continue;
      report(REGISTRY_RULES.registry, t.owner, `${path}.image`, `container "${c.name}" image "${c.image}" is not under ${allowed.join(', ')}`);
    }
  },
};
