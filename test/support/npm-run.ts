import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts;

/**
 * `npm run <script> -- <args>` from the repository root, as package.json defines the script, without npm's own
 * start-up: tests run the commands exactly as people do.
 */
export function npmRun(script: string, args: readonly string[], env?: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  const [command, ...fixed] = scripts[script].split(' ');
  return spawnSync(command === 'node' ? process.execPath : command, [...fixed, ...args], { cwd: ROOT, encoding: 'utf8', env });
}
