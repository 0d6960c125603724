import { dump } from 'js-yaml';
import { parse } from 'yaml';
import { readYaml } from '../../lib/core/read-yaml';
import { writeYaml } from '../../lib/core/write-yaml';
import { ENVIRONMENTS, renderEnvironment } from '../support/render';

const JS_YAML = { lineWidth: -1, noRefs: true, quotingType: '"' } as const;

describe('writeYaml, the one YAML writer of manifests and embedded configs', () => {
  test('strings a YAML 1.1 reader would take for booleans or numbers are quoted, and read back as strings', () => {
    const value = { a: 'yes', b: 'off', c: 'y', d: '0755', e: '1:30', f: 'true', g: '1e3', h: 'null' };
    const text = writeYaml(value);
    for (const v of Object.values(value)) expect(text).toContain(`"${v}"`);
    expect(readYaml(text, 'x.yaml')).toEqual(value);
  });

  test('multi-line strings are literal blocks indented for their depth, and long lines are never folded', () => {
    const script = 'set -eu\necho one\n';
    const long = `${'rate(x[5m]) + '.repeat(20)}1`;
    const text = writeYaml({ script, long, nested: { deeper: [{ script }] } });
    expect(text).toContain('script: |\n  set -eu\n  echo one\n');
    expect(text).toContain('nested:\n  deeper:\n    - script: |\n        set -eu\n        echo one\n');
    expect(text).toContain(`long: ${long}\n`);
    expect(parse(text)).toEqual({ script, long, nested: { deeper: [{ script }] } });
  });

  test('an object used twice is written twice, never as an anchor and alias', () => {
    const relabel = { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' };
    const text = writeYaml({ a: [relabel], b: [relabel] });
    expect(text).not.toMatch(/[&*]\w/);
    expect(text.match(/target_label: namespace/g)).toHaveLength(2);
  });

  test.each(ENVIRONMENTS)('%s: every rendered object is written byte for byte as js-yaml writes it', env => {
    for (const object of renderEnvironment(env).objects) expect(writeYaml(object)).toBe(dump(object, JS_YAML));
  });

  test('awkward values are written byte for byte as js-yaml writes them', () => {
    // Strings that change style: indicators, quotes, colons, comments, blanks, tabs, unicode, line breaks at
    // either end and in a row, leading spaces (indentation indicator), YAML 1.1 and 1.2 look-alikes.
    const strings = [
      '', ' ', 'a', '-', '- a', '-a', '?', ':', 'a:b', 'a: b', 'a #b', 'a#b', '#a', '[a]', '{a}', 'a,b', '"q"', "'q'",
      '*a', '&a', '!a', '|', '>', '%a', '@a', '`a', 'a ', ' a', 'a\tb', 'é', '😀', '\u2028', 'yes', 'No', 'on', 'y',
      '~', 'null', '0', '0755', '0x1f', '1e3', '.5', '1:30', '2001-12-14', '<<', 'true', '=', 'a\nb', 'a\nb\n',
      'a\n\nb\n\n', '\n', '\n\n', '\na', ' a\nb', '\n a', 'a\r\nb', 'a\tb\nc', 'a \nb', 'x'.repeat(1100), 'é\n😀\n',
      'a\u0085\nb', 'a\u2028\nb', '\ufeff\na', 'a\ud800\nb', 'a\u00a0\nb', 'a\u007f\nb', 'Yes', 'YES', 'ON', 'Off', 'NO', 'n',
      'N', 'Y', 'True', 'FALSE', 'Null', 'NULL', '.inf', '-.Inf', '.NaN', 'off', 'OFF', 'On', 'no', 'false', 'False', 'TRUE',
      'a_b', 'A-1.2/x', 'x.', 'x-', 'x/', '_x', 'x_', 'nulls', 'Yes-', 'e1', 'E', 'inf', 'nan', 'x:', 'x~',
    ];
    const numbers = [0, -0, 1, -1, 1.5, 1e21, 1e-7, NaN, Infinity, -Infinity, 2 ** 53];
    let seed = 42;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const value = (depth: number): unknown => {
      const pick = random(depth > 3 ? 4 : 7);
      if (pick === 0) return strings[random(strings.length)];
      if (pick === 1) return numbers[random(numbers.length)];
      if (pick === 2) return [true, false, null, undefined][random(4)];
      if (pick === 3) return strings[random(strings.length)];
      if (pick === 4) return Array.from({ length: random(4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: random(4) }, () => [strings[random(strings.length)], value(depth + 1)]));
    };
    for (const s of strings) {
      const v = { [s]: s, list: [s, [s]], nested: { key: { deeper: s } } };
      expect(writeYaml(v)).toBe(dump(v, JS_YAML));
    }
    for (let i = 0; i < 2000; i++) {
      const v = value(0);
      expect(writeYaml(v)).toBe(dump(v, JS_YAML));
    }
  });

  test('dates and binary data, which are not plain JSON data, are left to js-yaml', () => {
    const value = { when: new Date(0), data: new Uint8Array([1, 2]), list: [new Date(0)] };
    expect(writeYaml(value)).toBe(dump(value, JS_YAML));
    expect(writeYaml(value)).toContain('when: 1970-01-01T00:00:00.000Z');
  });
});
