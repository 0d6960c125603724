import { spawnSync } from 'child_process';
import * as path from 'path';

/**
 * Type-checks the project with its own tsconfig (`noEmit`, incremental: a warm check reuses
 * `node_modules/.cache/tsbuildinfo`). The synth loader only strips types, so without this a chart
 * with a type error would render; CI runs it before publishing anything.
 * @returns tsc's diagnostics, empty when the project type-checks
 */
export function typecheck(projectDir: string): string {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [projectDir] });
  const result = spawnSync(process.execPath, [tsc, '--project', path.join(projectDir, 'tsconfig.json'), '--pretty', 'false'], { cwd: projectDir, encoding: 'utf8' });
  if (result.status === 0) return '';
  return `${result.stdout}${result.stderr}`.trim() || `tsc exited with ${result.status ?? result.signal}`;
}

/** Whether synth must type-check first: in CI (the `CI` variable most CI systems set), unless it is "false". */
export function typecheckRequired(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
}
