import * as path from 'path';

/**
 * Type-checks the project with its own tsconfig (`noEmit`, incremental: a warm check reuses
 * `node_modules/.cache/tsbuildinfo`), in process through the TypeScript API. The synth loader only
 * strips types, so without this a chart with a type error would render; CI runs it before publishing.
 * @returns tsc's diagnostics, empty when the project type-checks
 */
export function typecheck(projectDir: string): string {
  // Loaded only when asked for: the local synth path never pays for the compiler.
  const ts: typeof import('typescript') = require(require.resolve('typescript', { paths: [projectDir] }));
  const host: import('typescript').FormatDiagnosticsHost = {
    getCanonicalFileName: f => f,
    getCurrentDirectory: () => projectDir,
    getNewLine: () => '\n',
  };
  const configErrors: import('typescript').Diagnostic[] = [];
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(projectDir, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: d => configErrors.push(d),
  });
  if (!parsed) return ts.formatDiagnostics(configErrors, host).trim();
  const program = ts.createIncrementalProgram({ rootNames: parsed.fileNames, options: parsed.options, configFileParsingDiagnostics: parsed.errors });
  const diagnostics = [...ts.getPreEmitDiagnostics(program.getProgram()), ...parsed.errors];
  // With noEmit, emit() writes only the incremental build info.
  program.emit();
  return diagnostics.length ? ts.formatDiagnostics(diagnostics, host).trim() : '';
}

/** Whether synth must type-check first: in CI (the `CI` variable most CI systems set), unless it is "false". */
export function typecheckRequired(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
}
