import { setEnvironmentValue, SourceEditError, toLiteral } from '../../lib/release/source-edit';

const plain = `export const prod: EnvironmentInput = {
  images: { kubectl: 'docker.io/alpine/k8s:1.27.16' },
  ci: { agents: { templates: [{ name: 'default' }, { name: 'node', containers: [{ name: 'node', image: 'node:22' }] }] } },
  apps: { web: { 'hello-world': { delivery: { mode: 'rolling', image: 'hello:1' } } } },
};
`;
const derived = `export const test: EnvironmentInput = inherit(prod, {
  domain: 'test.example.com',
  apps: {
    web: {
      'hello-world': { replicas: 2 },
    },
  },
}, { base: 'prod', file: 'test.ts' });
`;
const resolved = { apps: { web: { 'hello-world': { delivery: { mode: 'rolling', image: 'hello:1' }, replicas: 2 } } }, images: { kubectl: 'k:1' } };

describe('setEnvironmentValue', () => {
  test('replaces a value the file writes, leaving every other character', () => {
    const out = setEnvironmentValue(plain, 'prod.ts', ['ci', 'agents', 'templates', 1, 'containers', 0, 'image'], 'node:23', {});
    expect(out).toBe(plain.replace("image: 'node:22'", "image: 'node:23'"));
    expect(setEnvironmentValue(plain, 'prod.ts', ['images', 'kubectl'], 'k:2', {})).toBe(plain.replace("'docker.io/alpine/k8s:1.27.16'", "'k:2'"));
  });

  test('inserts an override for an inherited value, written out down to the first value that replaces as a whole', () => {
    const out = setEnvironmentValue(derived, 'test.ts', ['apps', 'web', 'hello-world', 'delivery', 'image'], 'hello:2', resolved);
    expect(out).toBe(derived.replace("'hello-world': { replicas: 2 },", "'hello-world': { replicas: 2, delivery: { mode: 'rolling', image: 'hello:2' } },"));
    const top = setEnvironmentValue(derived, 'test.ts', ['images', 'kubectl'], 'k:2', resolved);
    expect(top).toBe(derived.replace("    },\n  },\n}, {", "    },\n  },\n  images: { kubectl: 'k:2' },\n}, {"));
  });

  test('refuses what it cannot edit as a literal', () => {
    expect(() => setEnvironmentValue('export const x = make();\n', 'x.ts', ['a'], 1, {})).toThrow(SourceEditError);
    expect(() => setEnvironmentValue(plain, 'prod.ts', ['domain'], 'x', {})).toThrow('prod.ts: domain is not written as a literal here; edit it by hand');
  });

  test('toLiteral writes single-quoted strings and bare identifier keys', () => {
    expect(toLiteral({ a: ["it's"], 'b-c': 1, d: undefined })).toBe("{ a: ['it\\'s'], 'b-c': 1 }");
  });
});
