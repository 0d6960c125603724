// `node --require ./lib/synth/register.js test/bench/validate.bench.ts [objects]`: measures `npm run validate` on
// about 10,000 objects (copies of the rendered dist/prod, one namespace suffix per copy) and the in-process check
// alone, as a median of interleaved rounds. Compare ratios between two checkouts run on the same machine.
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
const cli = () => execFileSync('node', ['--require', './lib/synth/register.js', 'lib/policy/cli.ts', scratch], { stdio: 'ignore' });
const samples = { cli: [] as number[], check: [] as number[] };
try { cli(); } catch { /* violations exit 1: timing only */ }
for (let r = 0; r < ROUNDS; r++) {
  samples.cli.push(seconds(() => { try { cli(); } catch { /* exit 1 */ } }));
  samples.check.push(seconds(() => checkManifests(manifests)));
}
console.log(`${manifests.length} objects, median of ${ROUNDS}: npm run validate ${median(samples.cli).toFixed(2)} s, checkManifests ${median(samples.check).toFixed(3)} s`);
fs.rmSync(scratch, { recursive: true, force: true });
