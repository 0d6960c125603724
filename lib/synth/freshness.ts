import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesize } from '../../main';
import { environments } from '../config/environments';

function listFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!fs.existsSync(dir)) return files;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      files.set(path.relative(dir, full), fs.readFileSync(full, 'utf8'));
    }
  }
  return files;
}

/** How a render folder differs from a fresh render: the render's total file count and one line per differing file. */
export interface DistDrift {
  readonly files: number;
  readonly problems: readonly string[];
}

/**
 * Renders `inputs` (default: this repository's environments) in-process into a scratch folder and compares it
 * file by file with `distDir`, which is only read. No problems means `distDir` is what `npm run synth` writes.
 */
export function distDrift(distDir: string, inputs: Record<string, unknown> = environments): DistDrift {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dist-drift-'));
  try {
    synthesize(inputs, { stageDir: path.join(scratch, 'stage'), distDir: path.join(scratch, 'dist') });
    const fresh = listFiles(path.join(scratch, 'dist'));
    const committed = listFiles(distDir);
    const shown = (file: string) => path.join(path.basename(distDir), file);
    return {
      files: fresh.size,
      problems: [
        ...[...fresh.keys()].filter(f => !committed.has(f)).map(f => `missing:  ${shown(f)}`),
        ...[...committed.keys()].filter(f => !fresh.has(f)).map(f => `stale:    ${shown(f)} (no longer rendered)`),
        ...[...fresh.keys()].filter(f => committed.has(f) && committed.get(f) !== fresh.get(f)).map(f => `outdated: ${shown(f)}`),
      ],
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
