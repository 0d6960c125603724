import * as fs from 'fs';
import * as path from 'path';
import { App, YamlOutputType } from 'cdk8s';
import { buildStack } from './charts/stack';
import { environments } from './lib/config/environments';
import { EnvironmentConfig } from './lib/config/schema';
import { ConfigError, parseEnvironments } from './lib/config/validate';
import { renderTrafficDiagram } from './lib/review/traffic-diagram';
import { publish } from './lib/synth/publish';

export interface SynthesizeOptions {
  /** Scratch folder for this run (the cdk8s CLI passes CDK8S_OUTDIR). */
  readonly stageDir: string;
  /** Where environments are published once all of them rendered. */
  readonly distDir: string;
}

/**
 * Validates every environment first (one error listing every bad field), renders each into
 * `stageDir/<env>/` with its traffic diagram, and only then replaces `distDir/<env>/`: a failure
 * at any step leaves `dist/` untouched.
 */
export function synthesize(inputs: Record<string, unknown>, options: SynthesizeOptions): EnvironmentConfig[] {
  const configs = parseEnvironments(inputs);
  for (const config of configs) {
    const outdir = path.join(options.stageDir, config.name);
    fs.rmSync(outdir, { recursive: true, force: true });
    const app = new App({ outdir, outputFileExtension: '.k8s.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART, recordConstructMetadata: false });
    buildStack(app, config);
    app.synth();
    const objects = app.charts.flatMap(chart => chart.toJson());
    fs.writeFileSync(path.join(outdir, 'TRAFFIC.md'), renderTrafficDiagram(objects, config.name));
  }
  publish(options.stageDir, options.distDir, configs.map(c => c.name));
  return configs;
}

if (require.main === module) {
  try {
    synthesize(environments, {
      stageDir: process.env.CDK8S_OUTDIR ?? '.synth',
      distDir: process.env.PLATFORM_DIST_DIR ?? 'dist',
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
