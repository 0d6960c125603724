// Fails when the committed dist/ differs from a fresh render, so stale manifests cannot land.
// Renders in-process into a temporary folder; the working tree's dist/ is only read.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { environments } from '../lib/config/environments';
import { synthesize } from '../main';

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

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'check-dist-'));
try {
  synthesize(environments, { stageDir: path.join(scratch, 'stage'), distDir: path.join(scratch, 'dist') });
  const fresh = listFiles(path.join(scratch, 'dist'));
  const committed = listFiles('dist');
  const problems = [
    ...[...fresh.keys()].filter(f => !committed.has(f)).map(f => `missing:  dist/${f}`),
    ...[...committed.keys()].filter(f => !fresh.has(f)).map(f => `stale:    dist/${f} (no longer rendered)`),
    ...[...fresh.keys()].filter(f => committed.has(f) && committed.get(f) !== fresh.get(f)).map(f => `outdated: dist/${f}`),
  ];
  if (problems.length > 0) {
    console.error(`dist/ does not match a fresh render (${problems.length} file(s)). Run \`npm run synth\` and commit dist/:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  } else {
    console.log(`dist/ matches a fresh render (${fresh.size} files).`);
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
