// Fails when the committed dist/ differs from a fresh render, so stale manifests cannot land.
import { distDrift } from '../lib/synth/freshness';

const { files, problems } = distDrift('dist');
if (problems.length > 0) {
  console.error(`dist/ does not match a fresh render (${problems.length} file(s)). Run \`npm run synth\` and commit dist/:\n  ${problems.join('\n  ')}`);
  process.exitCode = 1;
} else {
  console.log(`dist/ matches a fresh render (${files} files).`);
}
