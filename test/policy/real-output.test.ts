import * as path from 'path';
import { checkManifests } from '../../lib/policy/check';
import { formatViolations } from '../../lib/policy/format';
import { loadManifestSets } from '../../lib/policy/load';
import { ENVIRONMENTS, renderEnvironment } from '../support/render';

describe('the real output passes every guardrail', () => {
  test.each(ENVIRONMENTS)('%s, as rendered in memory', env => {
    const { objects } = renderEnvironment(env);
    expect(formatViolations(checkManifests(objects.map(object => ({ object }))))).toBe(formatViolations([]));
  });

  test('dist/, as committed and read back from YAML, one environment at a time', () => {
    const sets = loadManifestSets(path.join(__dirname, '..', '..', 'dist'));
    expect(sets.map(s => path.basename(s.name))).toEqual([...ENVIRONMENTS].sort());
    for (const set of sets) {
      expect(set.manifests.length).toBeGreaterThan(100);
      expect(checkManifests(set.manifests)).toEqual([]);
    }
  });
});
