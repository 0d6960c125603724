// `node --require ./lib/synth/register.js test/bench/validate.bench.ts [objects]`: measures `npm run validate` (as each
// checkout's package.json runs it) on about 10,000 objects (copies of the rendered dist/prod, one namespace suffix
// per copy) and the in-process check
// alone, as a median of interleaved rounds. `BENCH_BASELINE=<git ref>` also runs that commit's validate on the same
// files in the same rounds, for a before/after ratio.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { checkManifests } from '../../lib/policy/check';
import { loadManifestDir } from '../../lib/policy/load';

const TARGET = Number(process.argv[2] ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const source = loadManifestDir(path.join('dist', 'prod')).map(m => m.object);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-bench-'));

/** One copy of the output with every name and namespace made unique, so copies never collide. */
function copy(i: number): any[] {
  const text = JSON.stringify(source).replace(/"(namespace|name)":"([^"]+)"/g, `"$1":"$2-${i}"`);
  return JSON.parse(text);
}

let objects = 0;
for (let i = 0; objects < TARGET; i++) {
  const docs = copy(i);
  objects += docs.length;
  fs.writeFileSync(path.join(scratch, `copy-${String(i).padStart(4, '0')}.yaml`), docs.map(d => stringify(d)).join('---\n'));
}

function seconds(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const manifests = loadManifestDir(scratch);
const baselineRef = process.env.BENCH_BASELINE;
const baselineDir = baselineRef ? path.join(scratch, '..', `${path.basename(scratch)}-baseline`) : undefined;
if (baselineRef && baselineDir) {
  execFileSync('git', ['worktree', 'add', '--detach', baselineDir, baselineRef], { stdio: 'ignore' });
  fs.symlinkSync(path.resolve('node_modules'), path.join(baselineDir, 'node_modules'));
}
/** `npm run validate` as that checkout's package.json defines it, without npm's own start-up. */
const validate = (cwd = '.') => {
  const [command, ...args] = JSON.parse(fs.readFileSync(path.join(cwd, 'package.json'), 'utf8')).scripts.validate.split(' ');
  return () => {
    try {
      execFileSync(command, [...args, scratch], { stdio: 'ignore', cwd });
    } catch { /* violations exit 1: timing only */ }
  };
};
const runs: Record<string, () => void> = { cli: validate(), check: () => checkManifests(manifests), ...(baselineDir ? { baseline: validate(baselineDir) } : {}) };
const samples: Record<string, number[]> = Object.fromEntries(Object.keys(runs).map(k => [k, []]));
for (const run of Object.values(runs)) run(); // warm caches
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, run] of Object.entries(runs)) samples[name].push(seconds(run));
}
const baseline = baselineRef ? `, ${baselineRef}'s validate ${median(samples.baseline).toFixed(2)} s (this commit ${(median(samples.cli) / median(samples.baseline)).toFixed(2)}×)` : '';
console.log(`${manifests.length} objects, median of ${ROUNDS}: npm run validate ${median(samples.cli).toFixed(2)} s, checkManifests ${median(samples.check).toFixed(3)} s${baseline}`);
if (baselineDir) execFileSync('git', ['worktree', 'remove', '--force', baselineDir], { stdio: 'ignore' });
fs.rmSync(scratch, { recursive: true, force: true });
