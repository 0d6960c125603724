import { z } from 'zod';
import { imageDigest, imageTag } from '../core/image';
import { isQuantity, parseQuantity, QUANTITY_PATTERN } from '../core/quantity';

/**
 * Zod building blocks for environment configuration. Each one says in its message what a valid
 * value looks like, because the message is all a user sees when their config is rejected.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IPV4 = /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)$/;
const CIDR = /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)\/(3[0-2]|[12]?\d)$/;
// [registry[:port]/]repository then :tag and/or @sha256:digest.
const IMAGE = /^([a-z0-9.-]+(:\d+)?\/)?[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

function text(expected: string) {
  return z.string({ required_error: `required: expected ${expected}`, invalid_type_error: `expected ${expected}` });
}

export const dnsLabel = text('a DNS label (lowercase letters, digits and "-", starting and ending alphanumeric, at most 63 characters)')
  .max(63, 'expected a DNS label of at most 63 characters')
  .regex(DNS_LABEL, 'expected a DNS label (lowercase letters, digits and "-", starting and ending alphanumeric, at most 63 characters)');

export const dnsName = text('a DNS name such as "example.com" (lowercase, dot-separated labels)')
  .max(253, 'expected a DNS name of at most 253 characters')
  .regex(DNS_SUBDOMAIN, 'expected a DNS name such as "example.com" (lowercase letters, digits, "-" and ".")');

export const quantity = text('a Kubernetes quantity such as "500m", "2", "512Mi" or "10Gi"')
  .regex(QUANTITY_PATTERN, 'expected a Kubernetes quantity such as "500m", "2", "512Mi" or "10Gi"');

/** A quantity above zero: a container with no CPU or memory, or an empty volume, is a mistake. */
export const positiveQuantity = quantity.refine(value => !isQuantity(value) || parseQuantity(value) > 0, { message: 'expected a quantity above zero' });

export const cidr = text('an IPv4 CIDR such as "10.0.0.0/8"').regex(CIDR, 'expected an IPv4 CIDR such as "10.0.0.0/8"');
export const ipv4Address = text('an IPv4 address such as "169.254.20.10"').regex(IPV4, 'expected an IPv4 address such as "169.254.20.10"');

export const image = text('a pinned image reference "repository:tag" or "repository@sha256:<digest>"')
  .regex(IMAGE, 'expected an image reference such as "docker.io/library/nginx:1.27.3"')
  .refine(value => imageDigest(value) !== undefined || imageTag(value) !== undefined, {
    message: 'expected an explicit tag or digest: an untagged image means ":latest"',
  })
  .refine(value => imageTag(value) !== 'latest', { message: 'expected a pinned tag: ":latest" changes under you' });

export const absolutePath = text('an absolute path such as "/etc/app/app.conf"')
  .regex(/^\/[^\0]*$/, 'expected an absolute path such as "/etc/app/app.conf"');

export const envName = text('an environment variable name such as "LOG_LEVEL" (letters, digits and "_", not starting with a digit)')
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name such as "LOG_LEVEL" (letters, digits and "_", not starting with a digit)');

/** Largest value of the API's int32 fields (replicas, ports, counts). */
export const INT32_MAX = 2147483647;

export function integer(min: number, max = INT32_MAX) {
  const expected = max === INT32_MAX ? `an integer from ${min} to ${INT32_MAX} (int32)` : `an integer from ${min} to ${max}`;
  return z.number({ required_error: `required: expected ${expected}`, invalid_type_error: `expected ${expected}` })
    .int(`expected ${expected}`).min(min, `expected ${expected}`).max(max, `expected ${expected}`);
}

export const port = integer(1, 65535);
export const replicas = integer(1);

export const bool = z.boolean({ required_error: 'required: expected true or false', invalid_type_error: 'expected true or false' });

// https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** A label key: an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  return LABEL_NAME.test(key.slice(slash + 1)) && (prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix)));
}

export const labelValue = text('a label value').regex(LABEL_VALUE, 'expected a label value: at most 63 letters, digits, "-", "_" or ".", starting and ending alphanumeric (or empty)');

/** Kubernetes labels, e.g. the pod labels of a peer. */
export const labelMap = z.record(z.string(), labelValue, { invalid_type_error: 'expected a map of label keys to values' })
  .superRefine((labels, ctx) => {
    // Checked here rather than as the record's key schema, so the message can name the key (a problem's "got" shows the value).
    for (const key of Object.keys(labels).filter(k => !isLabelKey(k))) {
      ctx.addIssue({ code: 'custom', path: [key], message: `label key ${JSON.stringify(key)} is invalid: expected [DNS-subdomain prefix "/"] then at most 63 letters, digits, "-", "_" or ".", starting and ending alphanumeric` });
    }
  });

export function oneOf<T extends string>(values: readonly [T, ...T[]]) {
  const expected = `one of ${values.map(v => `"${v}"`).join(', ')}`;
  // zod rejects required_error/invalid_type_error next to an errorMap: the map covers both cases.
  return z.enum(values, {
    errorMap: issue => ({ message: issue.code === 'invalid_type' && issue.received === 'undefined' ? `required: expected ${expected}` : `expected ${expected}` }),
  });
}

/**
 * An object that rejects unknown fields, naming the fields it accepts. `what` names the keys in
 * the message, e.g. "tenant role" gives "unknown tenant role; expected one of admin, edit, view".
 */
export function strictObject<T extends z.ZodRawShape>(shape: T, what = 'field') {
  const allowed = Object.keys(shape).join(', ');
  return z.object(shape, {
    errorMap: (issue, ctx) => {
      if (issue.code === 'unrecognized_keys') return { message: `unknown ${what}; expected one of ${allowed}` };
      if (issue.code === 'invalid_type') {
        return { message: issue.received === 'undefined' ? `required: expected an object with ${allowed}` : `expected an object with ${allowed}` };
      }
      return { message: ctx.defaultError };
    },
  }).strict();
}

/**
 * CPU request with an optional CPU limit, and the memory limit, which is also the memory request
 * (the pod is never OOM-killed for using what it asked for) unless `memoryRequest` is lower — for
 * per-node agents whose usual need is far below their worst case.
 */
export const resources = strictObject({
  cpu: positiveQuantity,
  memory: positiveQuantity,
  cpuLimit: positiveQuantity.optional(),
  memoryRequest: positiveQuantity.optional(),
}).superRefine((value, ctx) => {
  if (value.memoryRequest && isQuantity(value.memory) && isQuantity(value.memoryRequest) && parseQuantity(value.memoryRequest) > parseQuantity(value.memory)) {
    ctx.addIssue({ code: 'custom', path: ['memoryRequest'], message: `expected at most the memory limit ${value.memory}` });
  }
  if (value.cpuLimit && isQuantity(value.cpu) && isQuantity(value.cpuLimit) && parseQuantity(value.cpuLimit) < parseQuantity(value.cpu)) {
    ctx.addIssue({ code: 'custom', path: ['cpuLimit'], message: `expected at least the CPU request ${value.cpu}` });
  }
});
export type Resources = z.output<typeof resources>;

/** A storage request for a PersistentVolumeClaim. */
export const storage = strictObject({
  /** StorageClass name; omitted means the cluster's default class. */
  storageClassName: dnsName.optional(),
  size: positiveQuantity,
});
export type Storage = z.output<typeof storage>;
