import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { buildStack } from './charts/stack';
import { environments } from './lib/config/environments';
import { EnvironmentConfig } from './lib/config/schema';
import { ConfigError, parseEnvironments } from './lib/config/validate';
import { GITOPS_DIR, GitopsEnvironment, gitopsFiles, withSyncWaves } from './lib/gitops/argocd';
import { CheckOptions, checkManifests } from './lib/policy/check';
import { CheckResult, writeCheckRecord } from './lib/policy/check-record';
import { writeConstructMetadata } from './lib/policy/construct-metadata';
import { formatViolations } from './lib/policy/format';
import { Manifest, Violation } from './lib/policy/types';
import { renderTrafficDiagram } from './lib/review/traffic-diagram';
import { pruneLayout } from './lib/synth/prune-layout';
import { publish } from './lib/synth/publish';
import { renderCharts, writeCharts } from './lib/synth/render-charts';
import { typecheck, typecheckRequired } from './lib/synth/typecheck';

export interface SynthesizeOptions {
  /** Scratch folder for this run (the cdk8s CLI passes CDK8S_OUTDIR). */
  readonly stageDir: string;
  /** Where environments are published once all of them rendered and passed the guardrails. */
  readonly distDir: string;
  /**
   * Write `construct-metadata.json` into `stageDir` for the cdk8s validation plugin.
   * @default false
   */
  readonly recordConstructMetadata?: boolean;
}

/** Thrown when a rendered environment breaks a guardrail: nothing was published. */
export class GuardrailError extends Error {
  constructor(public readonly violations: Readonly<Record<string, readonly Violation[]>>) {
    super(Object.entries(violations).map(([env, v]) => `${env}:\n${formatViolations(v)}`).join('\n'));
    this.name = 'GuardrailError';
  }
}

/**
 * Validates every environment first (one error listing every bad field), renders each into
 * `stageDir/<env>/` laid out for pruning (lib/synth/prune-layout) with its traffic diagram, checks each render against the guardrails, and
 * only then replaces `distDir/<env>/`: a failure at any step leaves `dist/` untouched.
 */
export function synthesize(inputs: Record<string, unknown>, options: SynthesizeOptions): EnvironmentConfig[] {
  const configs = parseEnvironments(inputs);
  const apps: Record<string, App> = {};
  const checked: Record<string, CheckResult & { files: string[] }> = {};
  const gitops: GitopsEnvironment[] = [];
  for (const config of configs) {
    const outdir = path.join(options.stageDir, config.name);
    fs.rmSync(outdir, { recursive: true, force: true });
    const app = new App({ outdir, recordConstructMetadata: false });
    buildStack(app, config);
    const laidOut = pruneLayout(config.name, renderCharts(app));
    const files = config.gitops ? withSyncWaves(laidOut) : laidOut;
    if (config.gitops) gitops.push({ name: config.name, server: config.cluster.server, ...config.gitops, objects: files.flatMap(f => f.objects) });
    writeCharts(outdir, files);
    apps[config.name] = app;
    const manifests = manifestsIn(outdir, files);
    fs.writeFileSync(path.join(outdir, 'TRAFFIC.md'), renderTrafficDiagram(manifests.map(m => m.object), config.name));
    checked[config.name] = checkFolder(outdir, files, manifests, { allowedRegistries: config.images.registry && [config.images.registry.host] });
  }
  // Argo CD's app-of-apps, next to the environment folders (an environment cannot be named "gitops"), checked
  // like them: the plugin then finds every folder in the record and parses nothing again.
  if (gitops.length > 0) {
    const outdir = path.join(options.stageDir, GITOPS_DIR);
    const files = gitopsFiles(gitops);
    writeCharts(outdir, files);
    checked[GITOPS_DIR] = checkFolder(outdir, files, manifestsIn(outdir, files));
  }
  if (options.recordConstructMetadata) {
    writeConstructMetadata(options.stageDir, apps);
    writeCheckRecord(options.stageDir, checked);
  }
  const violations = Object.fromEntries(Object.entries(checked).filter(([, c]) => c.violations.length > 0).map(([env, c]) => [env, c.violations]));
  if (Object.keys(violations).length > 0) throw new GuardrailError(violations);
  publish(options.stageDir, options.distDir, [...configs.map(c => c.name), ...(gitops.length > 0 ? [GITOPS_DIR] : [])]);
  return configs;
}

type RenderedFile = { readonly file: string; readonly objects: readonly any[] };

/** The objects of files written to `outdir`, as the guardrails address them. */
function manifestsIn(outdir: string, files: readonly RenderedFile[]): Manifest[] {
  return files.flatMap(file => file.objects.map((object, index) => ({ object, index, source: path.join(outdir, file.file) })));
}

/** What the guardrails find in one folder's files, for the check record. */
function checkFolder(outdir: string, files: readonly RenderedFile[], manifests: readonly Manifest[], options?: CheckOptions): CheckResult & { files: string[] } {
  return { files: files.map(f => path.join(outdir, f.file)), objects: manifests.length, violations: checkManifests(manifests, options) };
}

if (require.main === module) {
  // Set by `cdk8s synth` when validation plugins are configured: the plugin then reports
  // violations with construct paths, so this process leaves the reporting and the exit code to it.
  const pluginReports = process.env.CDK8S_RECORD_CONSTRUCT_METADATA === 'true';
  // Locally the loader only strips types (fast); in CI code that does not type-check is never published.
  const typeErrors = typecheckRequired(process.env) ? typecheck(__dirname) : '';
  if (typeErrors) {
    console.error(`${typeErrors}\nType errors (CI is set): dist/ was not updated.`);
    process.exit(1);
  }
  try {
    synthesize(environments, {
      stageDir: process.env.CDK8S_OUTDIR ?? '.synth',
      distDir: process.env.PLATFORM_DIST_DIR ?? 'dist',
      recordConstructMetadata: pluginReports,
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    if (!(error instanceof GuardrailError)) throw error;
    if (pluginReports) {
      console.error('Guardrail violations: dist/ was not updated. The validation report follows.');
    } else {
      console.error(`${error.message}\nGuardrail violations: dist/ was not updated.`);
      process.exit(1);
    }
  }
}
