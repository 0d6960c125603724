import { z, ZodTypeAny } from 'zod';
import { dnsLabel, image, strictObject } from './primitives';
import { isPlainObject, shapeOf, unionOption } from './schema-walk';
import { ImageMirror, mirrorImage } from '../core/image';

const HOST = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+(:\d{1,5})?$/;
const REPOSITORY_PATH = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;

const registryHost = z.string({ invalid_type_error: 'expected a registry host such as "registry.example.com" or "registry.example.com:5000"' })
  .regex(HOST, 'expected a registry host such as "registry.example.com" or "registry.example.com:5000" (a dotted name, optional port)');

/**
 * Where each upstream registry lives on the mirror: one proxy-cache project per upstream, the layout of
 * Harbor proxy-cache projects and Artifactory remote repositories.
 */
export const DEFAULT_MIRROR_PATHS: Readonly<Record<string, string>> = {
  'docker.io': 'dockerhub',
  'docker.elastic.co': 'elastic',
  'gcr.io': 'gcr',
  'ghcr.io': 'ghcr',
  'quay.io': 'quay',
  'registry.k8s.io': 'k8s',
};

/** The organisation's registry mirror: every image of the environment is pulled from it. */
export const registrySchema = strictObject({
  /** Mirror host[:port]. */
  host: registryHost,
  /** Path on the mirror per upstream registry host. @default DEFAULT_MIRROR_PATHS */
  paths: z.record(registryHost, z.string().regex(REPOSITORY_PATH, 'expected a repository path such as "dockerhub"'))
    .default({ ...DEFAULT_MIRROR_PATHS }),
  /** The `kubernetes.io/dockerconfigjson` Secret an operator creates in every namespace that pulls. @default 'registry-pull' */
  pullSecret: dnsLabel.default('registry-pull'),
});
export type RegistryConfig = z.output<typeof registrySchema>;

/** An image field of a config: its path and value. */
export interface ImageField {
  readonly path: (string | number)[];
  readonly value: string;
}

/**
 * Every field of `value` whose schema is the `image` primitive, found by walking `schema`: a new image
 * field is covered as soon as it uses `image`.
 */
export function imageFields(schema: ZodTypeAny, value: unknown, path: (string | number)[] = []): ImageField[] {
  if (isImage(schema)) return typeof value === 'string' ? [{ path, value }] : [];
  const shape = shapeOf(schema);
  if (shape.kind === 'object' && isPlainObject(value)) {
    return Object.entries(shape.fields).flatMap(([key, field]) => imageFields(field, value[key], [...path, key]));
  }
  if (shape.kind === 'record' && isPlainObject(value)) {
    return Object.entries(value).flatMap(([key, entry]) => imageFields(shape.values, entry, [...path, key]));
  }
  if (shape.kind === 'array' && Array.isArray(value)) {
    return value.flatMap((entry, index) => imageFields(shape.element, entry, [...path, index]));
  }
  if (shape.kind === 'union') {
    const option = unionOption(shape, value);
    return option ? imageFields(option, value, path) : [];
  }
  return [];
}

/** Whether a schema is `image`, possibly wrapped in optional, nullable or default. */
function isImage(schema: ZodTypeAny): boolean {
  for (let s: ZodTypeAny | undefined = schema; s; s = s._def.innerType) {
    if (s === image) return true;
  }
  return false;
}

/** Images whose registry the mirror has no path for, as config problems. */
export function unmirroredImages(schema: ZodTypeAny, config: unknown, mirror: ImageMirror): { path: (string | number)[]; message: string }[] {
  return imageFields(schema, config)
    .filter(f => mirrorImage(f.value, mirror) === undefined)
    .map(f => ({ path: f.path, message: `images.registry has no mirror path for the registry of ${f.value}; expected one of ${Object.keys(mirror.paths).join(', ')} (add it to images.registry.paths)` }));
}

/** A copy of `config` with every image field rewritten to the mirror (fields without a mirror path are kept). */
export function resolveImages<T>(schema: ZodTypeAny, config: T, mirror: ImageMirror): T {
  const copy = structuredClone(config);
  for (const { path, value } of imageFields(schema, copy)) {
    const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], copy);
    parent[path[path.length - 1]] = mirrorImage(value, mirror) ?? value;
  }
  return copy;
}
