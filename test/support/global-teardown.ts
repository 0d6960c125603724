import * as fs from 'fs';
import * as path from 'path';
import { RENDERED_ENVIRONMENTS_FILE } from './render';

export default function globalTeardown(): void {
  const file = process.env[RENDERED_ENVIRONMENTS_FILE];
  if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
