import { parse } from 'yaml';
import { readYaml } from '../../lib/core/read-yaml';
import { writeYaml } from '../../lib/core/write-yaml';

describe('writeYaml, the one YAML writer of manifests and embedded configs', () => {
  test('strings a YAML 1.1 reader would take for booleans or numbers are quoted, and read back as strings', () => {
    const value = { a: 'yes', b: 'off', c: 'y', d: '0755', e: '1:30', f: 'true', g: '1e3', h: 'null' };
    const text = writeYaml(value);
    for (const v of Object.values(value)) expect(text).toContain(`"${v}"`);
    expect(readYaml(text, 'x.yaml')).toEqual(value);
  });

  test('multi-line strings are literal blocks, and long lines are never folded', () => {
    const script = 'set -eu\necho one\n';
    const long = `${'rate(x[5m]) + '.repeat(20)}1`;
    const text = writeYaml({ script, long });
    expect(text).toContain('script: |\n  set -eu\n  echo one\n');
    expect(text).toContain(`long: ${long}\n`);
    expect(parse(text)).toEqual({ script, long });
  });

  test('an object used twice is written twice, never as an anchor and alias', () => {
    const relabel = { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' };
    const text = writeYaml({ a: [relabel], b: [relabel] });
    expect(text).not.toMatch(/[&*]\w/);
    expect(text.match(/target_label: namespace/g)).toHaveLength(2);
  });
});
