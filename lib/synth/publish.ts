import * as fs from 'fs';
import * as path from 'path';

/** Files that belong in a published environment folder: the manifests and the Markdown written beside them. */
const PUBLISHED = /\.(k8s\.yaml|md)$/;

/** Copies the published files of `from` into `to`, sub-folders (the bootstrap folder) included. */
function copyPublished(from: string, to: string): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.isDirectory()) {
      fs.mkdirSync(path.join(to, entry.name));
      copyPublished(path.join(from, entry.name), path.join(to, entry.name));
    } else if (PUBLISHED.test(entry.name)) {
      fs.copyFileSync(path.join(from, entry.name), path.join(to, entry.name));
    }
  }
}

/**
 * Replaces `distDir/<env>` with the staged `stageDir/<env>` for every environment, and removes
 * environment folders that no longer exist. Called only after every environment rendered and
 * passed its checks, so a failed run leaves `dist/` exactly as it was. Only manifests and
 * Markdown are copied: tool metadata such as cdk8s' construct-metadata.json never lands in a
 * folder people `kubectl apply`.
 */
export function publish(stageDir: string, distDir: string, environments: readonly string[]): void {
  fs.mkdirSync(distDir, { recursive: true });
  for (const env of environments) {
    const next = path.join(distDir, `.${env}.next`);
    fs.rmSync(next, { recursive: true, force: true });
    fs.mkdirSync(next);
    copyPublished(path.join(stageDir, env), next);
    const target = path.join(distDir, env);
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(next, target);
  }
  for (const entry of fs.readdirSync(distDir, { withFileTypes: true })) {
    if (entry.isDirectory() && !environments.includes(entry.name)) fs.rmSync(path.join(distDir, entry.name), { recursive: true });
  }
}
