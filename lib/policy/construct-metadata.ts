import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App } from 'cdk8s';
import { constructMetadataKey } from './format';
import { objectIdentity } from './inventory';

/** File name the cdk8s CLI reads from its output folder to map resources to construct paths. */
export const CONSTRUCT_METADATA_FILE = 'construct-metadata.json';

/**
 * Writes `<outdir>/construct-metadata.json`, where `cdk8s synth` looks for it, for apps that each synthesize one
 * environment into `<outdir>/<env>/`, and removes any metadata file an app wrote inside its environment folder,
 * so that folder only ever holds manifests people apply.
 *
 * @param outdir the CLI output folder (`CDK8S_OUTDIR`)
 * @param apps the synthesized app of each environment, by environment folder name
 */
export function writeConstructMetadata(outdir: string, apps: Readonly<Record<string, App>>): void {
  const resources: Record<string, { path: string }> = {};
  for (const [env, app] of Object.entries(apps)) {
    fs.rmSync(path.join(app.outdir, CONSTRUCT_METADATA_FILE), { force: true });
    for (const c of app.node.findAll()) {
      if (!ApiObject.isApiObject(c)) continue;
      const identity = objectIdentity({ kind: c.kind, metadata: { name: c.name, namespace: c.metadata.namespace } });
      resources[constructMetadataKey(env, identity)] = { path: c.node.path };
    }
  }
  fs.mkdirSync(outdir, { recursive: true });
  fs.writeFileSync(path.join(outdir, CONSTRUCT_METADATA_FILE), JSON.stringify({ version: '1.0.0', resources }));
}
