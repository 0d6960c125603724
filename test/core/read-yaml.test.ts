import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { readYaml, readYamlDocuments } from '../../lib/core/read-yaml';
import { checkManifests } from '../../lib/policy/check';
import { parseManifestText } from '../../lib/policy/load';
import { writeCharts } from '../../lib/synth/render-charts';
import { ENVIRONMENTS, renderEnvironment } from '../support/render';

describe('readYaml reads as kubectl 1.27 does (gopkg.in/yaml.v2, YAML 1.1)', () => {
  test('yes/no/on/off/y/n are booleans, a leading 0 is octal, 0x is hex', () => {
    expect(readYaml('a: yes\nb: Off\nc: y\nd: N\ne: on\nmode: 0644\nhex: 0x1f\n', 'x.yaml'))
      .toEqual({ a: true, b: false, c: true, d: false, e: true, mode: 420, hex: 31 });
  });

  test('numbers as strconv.ParseInt(plain, 0, 64) and yamlStyleFloat accept them, nulls and the rest of the resolve map', () => {
    const text = 'a: 1_000\nb: 0b101\nc: 0o17\nd: .5\ne: 1e3\nf: 08\ng: +12\nh: -0x10\ni: ~\nj: NULL\nk: Yes\nl: TRUE\nm: -.inf\nempty:\n';
    expect(readYaml(text, 'x.yaml')).toEqual({ a: 1000, b: 5, c: 15, d: 0.5, e: 1000, f: 8, g: 12, h: -16, i: null, j: null, k: true, l: true, m: -Infinity, empty: null });
    // Keys resolve too, and sigs.k8s.io/yaml turns a boolean key into its text: kubectl reads `on:` as "true".
    expect(readYaml('on: push\nn: 1\n', 'x.yaml')).toEqual({ true: 'push', false: 1 });
  });

  test('what only looks like a number or a boolean stays a string', () => {
    expect(readYaml('a: 0x\nb: 1.2.3\nc: _1\nd: yess\ne: .e3\nf: 12abc\ng: "12"\nh: \'on\'\n', 'x.yaml'))
      .toEqual({ a: '0x', b: '1.2.3', c: '_1', d: 'yess', e: '.e3', f: '12abc', g: '12', h: 'on' });
  });

  test('what yaml.v2 keeps as strings stays a string: base-60 numbers, timestamps, quoted values', () => {
    expect(readYaml('time: 1:30\ndate: 2001-12-14\nstamp: 2001-12-14T21:59:43Z\nquoted: "yes"\n', 'x.yaml'))
      .toEqual({ time: '1:30', date: '2001-12-14', stamp: '2001-12-14T21:59:43Z', quoted: 'yes' });
  });

  test('merge keys are applied', () => {
    expect(readYaml('base: &b {cpu: 1}\nlimits:\n  <<: *b\n  memory: 1Gi\n', 'x.yaml')).toEqual({ base: { cpu: 1 }, limits: { cpu: 1, memory: '1Gi' } });
  });

  test('documents in order, empty ones as null; JSON is YAML', () => {
    expect(readYamlDocuments('a: 1\n---\n---\n{"b": 2}\n', 'x.yaml')).toEqual([{ a: 1 }, null, { b: 2 }]);
  });

  test('errors name the source and the document; readYaml wants exactly one document', () => {
    expect(() => readYamlDocuments('a: 1\n---\nkind: [unclosed\n', 'bad.yaml')).toThrow(/^bad\.yaml: document 1: .*\(line 4, column 1\)$/);
    expect(() => readYamlDocuments('---\na: 1\n---\nb: 2\n---\nc: [\n', 'third.yaml')).toThrow(/^third\.yaml: document 2: /);
    expect(() => readYamlDocuments('a: 1\na: 2\n', 'dup.yaml')).toThrow(/^dup\.yaml: document 0: duplicated mapping key/);
    expect(() => readYaml('a: 1\n---\nb: 2\n', 'two.yaml')).toThrow('two.yaml: expected one YAML document, found 2');
  });

  test('the guardrails see `privileged: yes` as the cluster will: true', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: apps}\nspec:\n  containers: [{name: c, image: "nginx:1.27.3", securityContext: {privileged: yes}}]\n';
    const violations = checkManifests(parseManifestText(pod, 'pod.yaml')).filter(v => v.path.endsWith('securityContext.privileged'));
    expect(violations.map(v => v.ruleId)).toContain('PSS-BASELINE-PRIVILEGED');
    expect(violations.map(v => v.ruleId)).not.toContain('SCHEMA-TYPE');
    expect(checkManifests(parseManifestText(pod.replace('yes', 'no'), 'pod.yaml')).filter(v => v.path.endsWith('securityContext.privileged'))).toEqual([]);
  });

  test.each(ENVIRONMENTS)('%s: every rendered object, as the synth writer writes it, reads back unchanged under YAML 1.1 and 1.2 alike', env => {
    const objects = renderEnvironment(env).objects;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-yaml-'));
    writeCharts(dir, [{ file: 'all.k8s.yaml', objects }]);
    const text = fs.readFileSync(path.join(dir, 'all.k8s.yaml'), 'utf8');
    expect(readYamlDocuments(text, env)).toEqual(objects);
    expect(parseAllDocuments(text).map(d => d.toJS())).toEqual(objects);
  });
});
