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
};

/** Every container image (regular, init, ephemeral) has an explicit tag other than latest, or a digest. */
export const images: RuleFamily = {
  rules: Object.values(IMAGE_RULES),
  check(inv, report) {
    for (const [t, { container: c, path }] of allContainers(inv)) {
      const image = typeof c.image === 'string' ? c.image : '';
      // A digest pins the image whatever its tag says.
      if (imageDigest(image) !== undefined) continue;
      const tag = imageTag(image);
      const detail = `container "${c.name}" image "${image}"`;
      if (!tag) report(IMAGE_RULES.untagged, t.owner, `${path}.image`, detail);
      else if (tag === 'latest') report(IMAGE_RULES.latest, t.owner, `${path}.image`, detail);
    }
  },
};
