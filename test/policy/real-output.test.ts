import * as path from 'path';
import { checkManifests } from '../../lib/policy/check';
import { formatViolations } from '../../lib/policy/format';
import { loadManifestSets } from '../../lib/policy/load';
import { GITOPS_DIR } from '../../lib/gitops/argocd';
import { ENVIRONMENTS, renderEnvironment } from '../support/render';

describe('the real output passes every guardrail', () => {
  test.each(ENVIRONMENTS)('%s, as rendered in memory', env => {
    const { objects } = renderEnvironment(env);
    expect(formatViolations(checkManifests(objects.map(object => ({ object }))))).toBe(formatViolations([]));
  });

  test('dist/, as committed and read back from YAML, one environment at a time', () => {
    // dist/gitops holds Argo CD's Applications, not an environment (test/gitops).
    const sets = loadManifestSets(path.join(__dirname, '..', '..', 'dist')).filter(s => path.basename(s.name) !== GITOPS_DIR);
    expect(sets.map(s => path.basename(s.name)).sort()).toEqual([...ENVIRONMENTS].sort());
    for (const set of sets) {
      expect(set.manifests.length).toBeGreaterThan(100);
      expect(checkManifests(set.manifests)).toEqual([]);
    }
  });
});
