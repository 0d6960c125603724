import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The real validators the monitoring tests run, and the Debian package that provides each (`.ci/run` installs them). */
const TOOLS = { promtool: 'prometheus', amtool: 'prometheus-alertmanager' } as const;

/**
 * The path of a validator binary. A missing binary fails the test with the package to install: these
 * checks must never be skipped silently.
 */
export function tool(name: keyof typeof TOOLS, searchPath = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin']): string {
  const found = searchPath.map(dir => path.join(dir, name)).find(candidate => fs.existsSync(candidate));
  if (!found) {
    throw new Error(`${name} is not installed: the monitoring tests need the real binary. Install the Debian package `
      + `'${TOOLS[name]}' (apt-get install -y --no-install-recommends ${TOOLS[name]}; .ci/run does this).`);
  }
  return found;
}

export interface ToolResult {
  readonly status: number | null;
  readonly stdout: string;
  /** stdout and stderr together, for failure messages. */
  readonly output: string;
}

/** Runs a validator; never throws on a non-zero exit, the caller asserts on it. */
export function run(name: keyof typeof TOOLS, args: readonly string[]): ToolResult {
  const result = spawnSync(tool(name), args, { encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, output: `${result.stdout}${result.stderr}` };
}

/** A scratch directory with the given files written into it, removed when the callback returns. */
export function withFiles<T>(files: Record<string, string>, callback: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'monitoring-'));
  try {
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
    return callback(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
