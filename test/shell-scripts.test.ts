import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every shell script of the repository passes shellcheck (Debian package `shellcheck`, installed by
 * .ci/run). A missing shellcheck fails the suite: a skipped lint would look like a clean one.
 */
const root = join(__dirname, '..');
const skip = new Set(['node_modules', 'dist', '.git', '.synth']);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (skip.has(entry.name)) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

/** `*.sh` files and files whose first line is a sh/bash shebang. */
function isShellScript(path: string): boolean {
  if (path.endsWith('.sh')) return true;
  if (/\.(ts|js|json|ya?ml|md|xml|txt)$/.test(path)) return false;
  return /^#!\/(usr\/)?bin\/(env )?(ba)?sh\b/.test(readFileSync(path, 'utf8').slice(0, 64));
}

const scripts = walk(root).filter(isShellScript).map((path) => relative(root, path)).sort();

test('shellcheck is installed', () => {
  const probe = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
  if (probe.error) throw new Error(`shellcheck not found (${probe.error.message}): apt-get install -y shellcheck (.ci/run installs it)`);
  expect(probe.stdout).toMatch(/^version: \d+\.\d+/m);
});

test('the scripts are found: the e2e run, .ci/run, the Job scripts and the fakes', () => {
  expect(scripts).toEqual(expect.arrayContaining(['.ci/run', 'e2e/run.sh', 'e2e/steps.sh', 'e2e/install-tools.sh', 'lib/logging/es-setup.sh']));
});

// One run for all scripts (one process is much faster); -x follows `source` lines from the root.
const findings = (() => {
  const result = spawnSync('shellcheck', ['-x', '--format=gcc', ...scripts], { cwd: root, encoding: 'utf8' });
  return result.error ? [`shellcheck not found: ${result.error.message}`] : result.stdout.split('\n').filter(Boolean);
})();

test.each(scripts)('%s passes shellcheck', (script) => {
  expect(findings.filter((line) => line.startsWith(`${script}:`) || line.startsWith('shellcheck not found'))).toEqual([]);
});

test('a finding fails (the check can fail)', () => {
  const output = (() => {
    try {
      return execFileSync('shellcheck', ['--format=gcc', '-s', 'bash', '-'], { input: 'echo $1\n', encoding: 'utf8' });
    } catch (error) {
      return String((error as { stdout?: string }).stdout);
    }
  })();
  expect(output).toContain('SC2086');
});
