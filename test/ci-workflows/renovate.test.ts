import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * renovate.json, checked without Renovate: the `renovate` npm package (its config validator) is a
 * large install with native modules for one JSON file, so this test models the parts of Renovate the
 * config relies on (regex custom managers, packageRules matching, docs.renovatebot.com/configuration-options)
 * and checks that every pin in the sources is found by a manager, grouped, and scheduled as intended.
 */
const root = join(__dirname, '..', '..');
const config = JSON.parse(readFileSync(join(root, 'renovate.json'), 'utf8'));

interface CustomManager {
  customType: string; description?: string; managerFilePatterns: string[]; matchStrings: string[];
  datasourceTemplate?: string; depNameTemplate?: string;
}
type Rule = Record<string, unknown>;
interface Dep { file: string; depName: string; currentValue: string; currentDigest?: string; datasource: string }

/** Renovate's `/regex/` form of a file pattern. */
function filePattern(pattern: string): RegExp {
  const match = /^\/(.+)\/$/.exec(pattern);
  if (!match) throw new Error(`not a /regex/ pattern: ${pattern}`);
  return new RegExp(match[1]);
}

/** What the custom regex managers extract from the given files (path relative to the root → content). */
function extract(managers: readonly CustomManager[], files: ReadonlyMap<string, string>): Dep[] {
  return managers.flatMap((manager) => [...files].filter(([path]) => manager.managerFilePatterns.some((p) => filePattern(p).test(path)))
    .flatMap(([path, text]) => manager.matchStrings.flatMap((source) => [...text.matchAll(new RegExp(source, 'g'))].map((m) => ({
      file: path,
      depName: m.groups?.depName ?? manager.depNameTemplate ?? '',
      currentValue: m.groups?.currentValue ?? '',
      currentDigest: m.groups?.currentDigest,
      datasource: m.groups?.datasource ?? manager.datasourceTemplate ?? '',
    })))));
}

/** The settings packageRules give a dependency found by a custom manager (rules that need an update type are skipped). */
function resolve(dep: Dep): Rule {
  const names = (rule: Rule) => rule.matchPackageNames as string[] | undefined;
  const nameMatches = (patterns: string[]) => (patterns.every((p) => p.startsWith('!'))
    ? !patterns.includes(`!${dep.depName}`) : patterns.includes(dep.depName));
  return (config.packageRules as Rule[]).filter((rule) => !rule.matchUpdateTypes && !rule.matchDepTypes
    && (!rule.matchManagers || (rule.matchManagers as string[]).includes('custom.regex'))
    && (!names(rule) || nameMatches(names(rule)!))
    && (!rule.matchDatasources || (rule.matchDatasources as string[]).includes(dep.datasource))
    && (!rule.matchFileNames || (rule.matchFileNames as string[]).includes(dep.file)))
    .reduce<Rule>((merged, rule) => ({ ...merged, ...rule }), {});
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** The files that hold pins: TypeScript of lib/, charts/, main.ts, and the e2e scripts. */
const sources = new Map(['lib', 'charts', 'e2e'].flatMap((dir) => walk(join(root, dir))).concat(join(root, 'main.ts'))
  .filter((path) => /\.(ts|sh)$/.test(path)).map((path) => [relative(root, path), readFileSync(path, 'utf8')]));

const REGISTRIES = ['docker.io', 'quay.io', 'gcr.io', 'ghcr.io', 'registry.k8s.io', 'docker.elastic.co'];

/** Image references in prose or examples, not pins: each must still occur where it is listed. */
const NOT_PINS: readonly { file: string; text: string; why: string }[] = [
  { file: 'lib/config/logging.ts', text: 'docker.elastic.co/elasticsearch/elasticsearch:8.x', why: 'a version range in a doc comment' },
  { file: 'lib/logging/elasticsearch-config.ts', text: 'docker.elastic.co/elasticsearch/elasticsearch:8.19.x', why: 'the version line the facts hold for, in a doc comment' },
  { file: 'lib/logging/kibana.ts', text: 'docker.elastic.co/kibana/kibana:8.19.x', why: 'the version line the facts hold for, in a doc comment' },
  { file: 'lib/config/primitives.ts', text: 'docker.io/library/nginx:1.27.3', why: 'an example in a validation message' },
  { file: 'lib/core/image.ts', text: 'docker.io/library/nginx:1.27', why: 'an example of the registry mirror rewrite in a doc comment' },
  { file: 'lib/core/image.ts', text: 'registry.example.com/dockerhub/library/nginx:1.27', why: 'the same example, rewritten' },
];

/**
 * Every pin a reader would see, found more loosely than the managers do: registry-qualified references
 * anywhere, quoted `repository/name:tag` strings (which must name a registry), plugin `name:version`
 * strings in a `pins` list, and `NAME_VERSION=` lines of shell scripts.
 */
function pinCandidates(files: ReadonlyMap<string, string>): { file: string; text: string }[] {
  const registry = REGISTRIES.map((r) => r.replace(/\./g, '\\.')).join('|');
  return [...files].flatMap(([file, text]) => [
    ...[...text.matchAll(new RegExp(`(?:${registry})/[A-Za-z0-9._/-]+:[A-Za-z0-9_][A-Za-z0-9_.-]*`, 'g'))].map((m) => m[0]),
    ...[...text.matchAll(/['"`]([a-z0-9][a-z0-9.-]*(?:\/[a-z0-9._-]+)+:[A-Za-z0-9_][A-Za-z0-9_.-]*)['"`@]/g)].map((m) => m[1]),
    ...[...text.matchAll(/\bpins:\s*\[([^\]]*)\]/g)].flatMap((m) => [...m[1].matchAll(/['"`]([^'"`]+)['"`]/g)].map((p) => p[1])),
    ...[...text.matchAll(/^[A-Z_]+_VERSION=(\S+)$/gm)].map((m) => m[1]),
  ].filter((pin, index, all) => all.indexOf(pin) === index).map((pin) => ({ file, text: pin })));
}

/** Candidates no manager extracts, and unqualified images. */
function invisiblePins(files: ReadonlyMap<string, string>): string[] {
  const deps = extract(config.customManagers, files);
  const seen = (file: string, text: string) => deps.some((d) => d.file === file
    && (text === `${d.depName}:${d.currentValue}` || text === d.currentValue));
  return pinCandidates(files)
    .filter(({ file, text }) => !NOT_PINS.some((n) => n.file === file && n.text === text))
    .filter(({ file, text }) => !seen(file, text))
    .map(({ file, text }) => (text.includes('/') && !REGISTRIES.some((r) => text.startsWith(`${r}/`))
      ? `${file}: ${text} names no registry (${REGISTRIES.join(', ')})` : `${file}: ${text}`));
}

const deps = extract(config.customManagers, sources);
const dep = (file: string, depName: string) => {
  const found = deps.find((d) => d.file === file && d.depName === depName);
  if (!found) throw new Error(`${depName} not extracted from ${file}`);
  return found;
};

describe('renovate.json shape', () => {
  const OPTIONS = new Set(['$schema', 'description', 'extends', 'labels', 'schedule', 'timezone', 'prConcurrentLimit', 'rangeStrategy', 'customManagers', 'packageRules']);
  const RULE_OPTIONS = new Set(['description', 'matchPackageNames', 'matchDatasources', 'matchFileNames', 'matchManagers', 'matchDepTypes', 'matchUpdateTypes',
    'groupName', 'versioning', 'allowedVersions', 'enabled', 'pinDigests', 'minimumReleaseAge', 'schedule', 'additionalBranchPrefix', 'commitMessageSuffix', 'labels', 'prBodyNotes']);
  /** Constructs RE2 (Renovate's regex engine) rejects. */
  const RE2_UNSUPPORTED = /\(\?[=!]|\(\?<[=!]|\\[1-9]/;

  test('only known options, and the schema URL for editors', () => {
    expect(Object.keys(config).filter((key) => !OPTIONS.has(key))).toEqual([]);
    expect(config.$schema).toBe('https://docs.renovatebot.com/renovate-schema.json');
    for (const rule of config.packageRules as Rule[]) {
      expect(Object.keys(rule).filter((key) => !RULE_OPTIONS.has(key))).toEqual([]);
      expect(Object.keys(rule).some((key) => key.startsWith('match'))).toBe(true);
    }
  });
  test.each((config.customManagers as CustomManager[]).map((m) => [m.description, m]))('custom manager "%s" is a valid regex manager', (_, manager) => {
    expect(manager.customType).toBe('regex');
    for (const pattern of manager.managerFilePatterns) expect(() => filePattern(pattern)).not.toThrow();
    for (const source of manager.matchStrings) {
      expect(source).not.toMatch(RE2_UNSUPPORTED);
      const groups = source.match(/\(\?<(\w+)>/g)!.map((g) => g.slice(3, -1));
      expect(groups).toContain('currentValue');
      expect(groups.includes('depName') || manager.depNameTemplate !== undefined).toBe(true);
      expect(groups.includes('datasource') || manager.datasourceTemplate !== undefined).toBe(true);
    }
  });
  test('regex versionings compile and name a major', () => {
    for (const rule of (config.packageRules as Rule[]).filter((r) => String(r.versioning ?? '').startsWith('regex:'))) {
      const pattern = new RegExp(String(rule.versioning).slice('regex:'.length));
      expect(pattern.source).toContain('(?<major>');
      expect(pattern.source).not.toMatch(RE2_UNSUPPORTED);
    }
  });
  test('the versionings parse the tags they are for', () => {
    const versioning = (name: string) => new RegExp(String(resolve({ file: '', depName: name, currentValue: '', datasource: 'docker' }).versioning).slice(6));
    expect(versioning('docker.io/jenkins/inbound-agent').test(dep('lib/config/environments/dev.ts', 'docker.io/jenkins/inbound-agent').currentValue)).toBe(true);
    expect(versioning('docker.io/fluent/fluentd-kubernetes-daemonset').test(dep('lib/config/environments/dev.ts', 'docker.io/fluent/fluentd-kubernetes-daemonset').currentValue)).toBe(true);
  });
});

describe('no pin invisible to Renovate', () => {
  test('every pin in lib/, charts/, main.ts and e2e/ is extracted by a custom manager', () => {
    expect(invisiblePins(sources)).toEqual([]);
  });
  test('the pins are really there: images of both environments, the plugins, the e2e tools, the facts constants', () => {
    expect(deps.filter((d) => d.file === 'lib/config/environments/dev.ts' && d.datasource === 'docker').length).toBeGreaterThanOrEqual(9);
    expect(deps.filter((d) => d.file === 'lib/config/environments/prod.ts' && d.datasource === 'jenkins-plugins').map((d) => d.depName))
      .toEqual(expect.arrayContaining(['kubernetes', 'workflow-aggregator', 'git', 'configuration-as-code']));
    expect(dep('e2e/versions.sh', 'docker.io/kindest/node')).toMatchObject({ currentValue: 'v1.27.16', currentDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(dep('e2e/versions.sh', 'kubernetes/ingress-nginx')).toMatchObject({ datasource: 'github-releases', currentValue: 'v1.11.3' });
    expect(dep('lib/logging/fluentd-image.ts', 'docker.io/fluent/fluentd-kubernetes-daemonset').datasource).toBe('docker');
  });
  test('the listed non-pins still exist (the list only shrinks)', () => {
    for (const { file, text } of NOT_PINS) expect([file, sources.get(file)?.includes(text)]).toEqual([file, true]);
  });
  test('an unquoted image, a double-quoted plugin pin, an unqualified image and an uncommented tool version are reported', () => {
    const files = new Map([
      ['lib/web/example.ts', 'const a = `docker.io/library/nginx:1.27.3`;\nconst b = \'library/redis:7.2.4\';\n'],
      ['lib/config/environments/test.ts', 'plugins: { pins: ["git:5.10.1"] },\n'],
      ['e2e/versions.sh', 'HELM_VERSION=v3.16.2\n'],
    ]);
    expect(invisiblePins(files)).toEqual([
      'lib/web/example.ts: docker.io/library/nginx:1.27.3',
      'lib/web/example.ts: library/redis:7.2.4 names no registry (docker.io, quay.io, gcr.io, ghcr.io, registry.k8s.io, docker.elastic.co)',
      'lib/config/environments/test.ts: git:5.10.1',
      'e2e/versions.sh: v3.16.2',
    ]);
  });
  test('npm dependencies are exact versions (Renovate\'s npm manager, rangeStrategy pin)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const ranges = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }).filter(([, v]) => !/^\d+\.\d+\.\d+$/.test(String(v)));
    expect(ranges).toEqual([]);
    expect(config.rangeStrategy).toBe('pin');
  });
});

describe('grouping and promotion', () => {
  test('every extracted pin belongs to a component group, or is never updated (facts constants)', () => {
    const loose = deps.filter((d) => resolve(d).groupName === undefined && resolve(d).enabled !== false);
    expect(loose.map((d) => `${d.file}: ${d.depName}`)).toEqual([]);
  });
  test('Elasticsearch and Kibana move together; the Jenkins images and plugins move together', () => {
    const group = (file: string, name: string) => resolve(dep(file, name)).groupName;
    expect(group('lib/config/environments/dev.ts', 'docker.elastic.co/kibana/kibana')).toBe(group('lib/config/environments/dev.ts', 'docker.elastic.co/elasticsearch/elasticsearch'));
    expect(group('lib/config/environments/dev.ts', 'git')).toBe(group('lib/config/environments/dev.ts', 'docker.io/jenkins/jenkins'));
  });
  test('prod pins lag: two weeks of release age, another day, their own branch', () => {
    const prod = resolve(dep('lib/config/environments/prod.ts', 'gcr.io/google-samples/hello-app'));
    const dev = resolve(dep('lib/config/environments/dev.ts', 'gcr.io/google-samples/hello-app'));
    expect(prod).toMatchObject({ minimumReleaseAge: '14 days', additionalBranchPrefix: 'prod-', schedule: ['before 6am on thursday'] });
    expect(dev.minimumReleaseAge).toBeUndefined();
    expect(dev.additionalBranchPrefix).toBeUndefined();
  });
  test('images with written-down facts move in every environment at once, and the facts constants are never bumped by the bot', () => {
    for (const name of ['docker.io/fluent/fluentd-kubernetes-daemonset', 'docker.io/jenkins/jenkins']) {
      const prod = resolve(dep('lib/config/environments/prod.ts', name));
      expect(prod).toMatchObject({ minimumReleaseAge: null, additionalBranchPrefix: '', labels: expect.arrayContaining(['image-facts']) });
    }
    expect(resolve(dep('lib/logging/fluentd-image.ts', 'docker.io/fluent/fluentd-kubernetes-daemonset')).enabled).toBe(false);
    expect(resolve(dep('lib/ci/plugin-cli-facts.ts', 'docker.io/jenkins/jenkins')).enabled).toBe(false);
  });
  test('the cluster-bound pins stay on Kubernetes 1.27', () => {
    for (const [file, name] of [['lib/config/environments/dev.ts', 'docker.io/alpine/k8s'], ['e2e/versions.sh', 'docker.io/kindest/node'], ['e2e/versions.sh', 'kubernetes/kubernetes']]) {
      expect(resolve(dep(file, name)).allowedVersions).toBe('<1.28');
    }
  });
});
