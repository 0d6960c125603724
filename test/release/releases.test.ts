import { pinsOf } from '../../lib/config/pins';
import { releaseTable } from '../../lib/release/releases';
import { ENVIRONMENTS, environmentInput } from '../support/render';

describe('npm run releases', () => {
  test('one row per component, one column per environment; differing rows marked', () => {
    const dev = environmentInput('dev');
    const prod = environmentInput('prod');
    prod.apps.web!['web-server'].delivery = { mode: 'rolling', image: 'docker.io/nginxinc/nginx-unprivileged:1.30.5-alpine' };
    const lines = releaseTable({ dev, prod }).split('\n');
    expect(lines[0]).toBe('| | component | dev | prod |');
    expect(lines).toContain('| ≠ | apps.web-server | `docker.io/nginxinc/nginx-unprivileged:1.30.4-alpine` | `docker.io/nginxinc/nginx-unprivileged:1.30.5-alpine` |');
    expect(lines.find(l => l.includes('| logging.elasticsearch |'))!.startsWith('|  |')).toBe(true);
    expect(lines.length).toBe(2 + new Set([...pinsOf(dev), ...pinsOf(prod)].map(p => p.component)).size);
  });

  test.each(ENVIRONMENTS)('%s: every image pin is upstream (before the mirror) and names are unique', env => {
    const pins = pinsOf(environmentInput(env));
    expect(new Set(pins.map(p => p.component)).size).toBe(pins.length);
    expect(pins.map(p => p.component)).toContain('ci.plugins');
    for (const p of pins) if (typeof p.value === 'string') expect(p.value).not.toMatch(/^registry\.example\.com\//);
  });
});
