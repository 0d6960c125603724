import * as fs from 'fs';
import * as path from 'path';
import { environments } from '../../lib/config/environments';
import { inherit } from '../../lib/config/inherit';
import { environmentFile, promote, PromotionRefused } from '../../lib/release/promote';
import { TempRepo } from '../review/temp-repo';
import { environmentInput } from '../support/render';

const ROOT = path.join(__dirname, '..', '..');
const quiet = () => '';

/** A repository holding the real environment files, committed. */
function repoWithEnvironments(): TempRepo {
  const repo = new TempRepo();
  for (const name of Object.keys(environments)) repo.write(environmentFile(name), fs.readFileSync(path.join(ROOT, environmentFile(name)), 'utf8'));
  repo.commit('environments');
  return repo;
}

/** dev and a test derived from prod whose hello-world runs another pin than dev's. */
const inputs = () => {
  const prod = environmentInput('prod');
  return { dev: environmentInput('dev'), prod, test: inherit(prod, {}, { base: 'prod', file: environmentFile('test') }) };
};

describe('npm run promote', () => {
  let repo: TempRepo;
  beforeEach(() => { repo = repoWithEnvironments(); });
  afterEach(() => repo.remove());
  const read = () => fs.readFileSync(path.join(repo.dir, environmentFile('test')), 'utf8');

  test('refuses when the target file has local changes, and writes nothing', () => {
    const edited = `${read()}// work in progress\n`;
    repo.write(environmentFile('test'), edited);
    expect(() => promote({ from: 'dev', to: 'test', repoDir: repo.dir, environments: inputs(), guardrails: quiet }))
      .toThrow(new PromotionRefused(`${environmentFile('test')} has local changes; commit or stash them first, so the promotion is the only change in it:\n M ${environmentFile('test')}`));
    expect(read()).toBe(edited);
  });

  test('refuses when the source environment fails the guardrails, and writes nothing', () => {
    const before = read();
    const guardrails = (name: string) => name === 'dev' ? '✗ IMG-LATEST  spec.template.spec.containers[0].image' : '';
    expect(() => promote({ from: 'dev', to: 'test', repoDir: repo.dir, environments: inputs(), guardrails }))
      .toThrow(/^dev fails the guardrails; fix it before promoting from it:\n✗ IMG-LATEST/);
    expect(read()).toBe(before);
  });

  test('the default guardrail check renders the source environment: a real environment passes', () => {
    expect(promote({ from: 'prod', to: 'test', repoDir: repo.dir, environments: inputs() })).toEqual([]);
  });

  test('copies a differing pin into the target file, as an override of the value that replaces as a whole', () => {
    const changes = promote({ from: 'dev', to: 'test', components: ['apps.hello-world'], repoDir: repo.dir, environments: inputs(), guardrails: quiet });
    expect(changes).toEqual([{ component: 'apps.hello-world', before: 'gcr.io/google-samples/hello-app:2.0', after: 'gcr.io/google-samples/hello-app:1.0' }]);
    expect(read()).toContain("'hello-world': { autoscaling: { minReplicas: 2, maxReplicas: 4 }, delivery: { mode: 'rolling', image: 'gcr.io/google-samples/hello-app:1.0' } },");
  });

  test('refuses unknown components and components the target does not have', () => {
    const run = (components: string[]) => () => promote({ from: 'dev', to: 'test', components, repoDir: repo.dir, environments: inputs(), guardrails: quiet });
    expect(run(['apps.nope'])).toThrow(/^unknown component apps\.nope in dev; expected one of kubectl, /);
    expect(run(['apps.hello-world.canary'])).toThrow(/^test has no apps\.hello-world\.canary: that is a change of shape/);
  });
});
