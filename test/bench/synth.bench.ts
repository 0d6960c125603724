// `npm run bench`: measures synth speed side by side in one run (the machine is shared and noisy,
// so compare ratios, not absolute seconds). Prints a Markdown table for the README.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { environments } from '../../lib/config/environments';
import { EnvironmentInput } from '../../lib/config/schema';
import { checkManifests } from '../../lib/policy/check';
import { loadManifestDir } from '../../lib/policy/load';
import { synthesize } from '../../main';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const cli = path.join('node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
// Synth publishes to dist/ by default: point it at scratch so a benchmark never touches the committed output.
const env = { ...process.env, PLATFORM_DIST_DIR: path.join(scratch, 'dist') };

function seconds(command: string, args: string[], cwd?: string): number {
  const start = process.hrtime.bigint();
  execFileSync(command, args, { env, stdio: 'ignore', cwd });
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs each named command ROUNDS times, interleaved so that background noise hits all of them alike. */
function compare(commands: Record<string, [string, string[], string?]>): Record<string, number> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map(k => [k, []]));
  for (const [command, args, cwd] of Object.values(commands)) seconds(command, args, cwd); // warm caches
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, [command, args, cwd]] of Object.entries(commands)) samples[name].push(seconds(command, args, cwd));
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

function withTenants(count: number): EnvironmentInput {
  const base = structuredClone(environments.dev);
  const template = base.tenants![0];
  base.tenants = Array.from({ length: count }, (_, i) => ({ ...structuredClone(template), name: `tenant-${String(i).padStart(4, '0')}` }));
  return base;
}

/**
 * `BENCH_BASELINE=<git ref>`: also synth that commit, checked out next to this one with the same
 * node_modules, in the same interleaved rounds, for a before/after ratio.
 */
const baselineRef = process.env.BENCH_BASELINE;
const baselineDir = baselineRef ? path.join(scratch, 'baseline') : undefined;
if (baselineRef && baselineDir) {
  execFileSync('git', ['worktree', 'add', '--detach', baselineDir, baselineRef], { stdio: 'ignore' });
  fs.symlinkSync(path.resolve('node_modules'), path.join(baselineDir, 'node_modules'));
}

const out = (dir: string) => ['synth', '--no-check-upgrade', '-o', path.join(scratch, dir)];
const startup = compare({
  ...(baselineDir ? { baseline: ['node', [path.join(baselineDir, cli), ...out('baseline-out')], baselineDir] as [string, string[], string] } : {}),
  project: ['node', [cli, ...out('project')]],
  noValidate: ['node', [cli, ...out('no-validate'), '--no-validate']],
  tsx: ['node', [cli, ...out('tsx'), '--app', 'node --require tsx/cjs main.ts']],
  tsNode: ['node', [cli, ...out('ts-node'), '--app', 'npx ts-node main.ts']],
  cliStart: ['node', [cli, '--no-check-upgrade', '--version']],
  requirePlus: ['node', ['-e', "require('cdk8s-plus-27')"]],
});
const floor = startup.cliStart + startup.requirePlus;

const lines = [
  `Synth of all environments, median of ${ROUNDS} interleaved runs:`,
  '',
  '| measurement | seconds | ratio |',
  '| --- | ---: | ---: |',
  `| floor: cdk8s CLI start + \`require('cdk8s-plus-27')\` | ${floor.toFixed(2)} | 1.00× floor |`,
  `| \`cdk8s synth\` (project runner) | ${startup.project.toFixed(2)} | ${(startup.project / floor).toFixed(2)}× floor |`,
  ...(baselineRef ? [`| \`cdk8s synth\` of ${baselineRef} (baseline) | ${startup.baseline.toFixed(2)} | this commit takes ${(startup.project / startup.baseline).toFixed(2)}× its time |`] : []),
  `| \`cdk8s synth --no-validate\` (guardrails plugin off; main.ts still checks in memory) | ${startup.noValidate.toFixed(2)} | plugin adds ${(100 * (startup.project / startup.noValidate - 1)).toFixed(0)} % |`,
  `| \`cdk8s synth --app "node --require tsx/cjs main.ts"\` (tsx runner) | ${startup.tsx.toFixed(2)} | ${(startup.tsx / startup.project).toFixed(2)}× the project's time |`,
  `| \`cdk8s synth --app "npx ts-node main.ts"\` (stock template) | ${startup.tsNode.toFixed(2)} | ${(startup.tsNode / startup.project).toFixed(2)}× slower than project |`,
  '',
  'Rendering (in-process, after start-up) as tenants grow:',
  '',
  '| tenants | objects | synth seconds | objects/s | guardrails seconds | guardrails share |',
  '| ---: | ---: | ---: | ---: | ---: | ---: |',
];
synthesize({ dev: withTenants(1) }, { stageDir: path.join(scratch, 'warm'), distDir: path.join(scratch, 'warm-dist') });
for (const count of [10, 100, 1000]) {
  const dir = path.join(scratch, `tenants-${count}`);
  const start = process.hrtime.bigint();
  synthesize({ dev: withTenants(count) }, { stageDir: path.join(dir, 'stage'), distDir: path.join(dir, 'dist') });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  // The guardrails alone, on the same objects (synth runs them too, so this is their share of it).
  const manifests = loadManifestDir(path.join(dir, 'dist', 'dev'));
  const checkStart = process.hrtime.bigint();
  checkManifests(manifests);
  const check = Number(process.hrtime.bigint() - checkStart) / 1e9;
  lines.push(`| ${count} | ${manifests.length} | ${elapsed.toFixed(2)} | ${Math.round(manifests.length / elapsed)} | ${check.toFixed(3)} | ${(100 * check / elapsed).toFixed(1)} % |`);
}
console.log(lines.join('\n'));
if (baselineDir) execFileSync('git', ['worktree', 'remove', '--force', baselineDir], { stdio: 'ignore' });
fs.rmSync(scratch, { recursive: true, force: true });
