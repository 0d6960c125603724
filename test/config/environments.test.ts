import { GITOPS_DIR } from '../../lib/gitops/argocd';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { environments } from '../../lib/config/environments';
import { checkManifests } from '../../lib/policy/check';
import { loadManifestDir } from '../../lib/policy/load';
import { loadEnvironmentFolder } from '../../lib/review/render';
import { synthesize } from '../../main';
import { ENVIRONMENTS } from '../support/render';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'environments-test-'));

/** Every file of a folder, by relative path. */
function tree(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter(e => e.isFile())
    .map(e => [path.relative(dir, path.join(e.parentPath, e.name)), fs.readFileSync(path.join(e.parentPath, e.name), 'utf8')]));
}

const APPLYSET_ID = 'applyset.kubernetes.io/id';

/**
 * README "Adding an environment": a copy of an environment file under a new key. Even an unedited copy of the
 * production one (same domain, same cluster addresses) must render on its own, pass the guardrails, and leave the
 * other environments exactly as they were.
 */
describe('adding an environment', () => {
  const base = ENVIRONMENTS.includes('prod') ? 'prod' : ENVIRONMENTS[0];
  // "staging", unless the repository already has one.
  const added = ENVIRONMENTS.includes('staging') ? `${base}-copy` : 'staging';
  const withCopy = tempDir();
  const without = tempDir();
  synthesize({ ...environments, [added]: structuredClone(environments[base]) }, { stageDir: tempDir(), distDir: withCopy });
  synthesize(environments, { stageDir: tempDir(), distDir: without });

  test('it renders into its own folder, beside the others', () => {
    expect(fs.readdirSync(withCopy).filter(d => d !== GITOPS_DIR).sort()).toEqual([...ENVIRONMENTS, added].sort());
    expect(Object.keys(tree(path.join(withCopy, added)))).toEqual(Object.keys(tree(path.join(withCopy, base))));
  });

  test('the other environments render exactly as without it', () => {
    for (const env of ENVIRONMENTS) expect(tree(path.join(withCopy, env))).toEqual(tree(path.join(without, env)));
  });

  test('it passes the guardrails', () => {
    expect(checkManifests(loadManifestDir(path.join(withCopy, added)))).toEqual([]);
  });

  test('it is its own ApplySet, named after it, so pruning one environment never deletes the objects of another', () => {
    const applySets = (env: string) => loadEnvironmentFolder(path.join(withCopy, env)).filter(o => o.kind === 'ApplySet');
    const [applySet] = applySets(added);
    expect(applySet.metadata.name).toBe(added);
    expect(applySet.metadata.labels?.[APPLYSET_ID]).toMatch(/^applyset-/);
    expect(applySet.metadata.labels?.[APPLYSET_ID]).not.toBe(applySets(base)[0].metadata.labels?.[APPLYSET_ID]);
  });
});
