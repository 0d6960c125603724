import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ENVIRONMENTS, render, RENDERED_ENVIRONMENTS_FILE } from './render';
import { environments } from '../../lib/config/environments';

/**
 * Renders every environment once per jest run and hands the result to the test files through a file
 * (about 0.4 s per environment that each of some thirty test files would otherwise repeat). The
 * workers inherit the variable naming it; `global-teardown.ts` removes it.
 */
export default function globalSetup(): void {
  const rendered = Object.fromEntries(ENVIRONMENTS.map(env => [env, render(environments[env], env)]));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rendered-')), 'environments.json');
  fs.writeFileSync(file, JSON.stringify(rendered));
  process.env[RENDERED_ENVIRONMENTS_FILE] = file;
}
