import { ZodIssue } from 'zod';
import { Inheritance, inheritanceOf } from './inherit';
import { dnsLabel } from './primitives';
import { resolveImages, unmirroredImages } from './registry';
import { EnvironmentConfig, environmentSchema } from './schema';
import { formatPath } from './schema-walk';

/** The folder of `dist/` that holds no environment: Argo CD's Applications (lib/gitops). */
const RESERVED_FOLDER = 'gitops';

/** One invalid field: where it is and what was expected. */
export interface ConfigProblem {
  /** The environment the field belongs to. */
  readonly environment: string;
  /** Field path such as `tenants[0].quota.requests.cpu`. */
  readonly path: string;
  /** What is expected there, and what was found. */
  readonly message: string;
}

/** Thrown when any environment is invalid: lists every problem of every environment at once. */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly ConfigProblem[]) {
    super(formatProblems(problems));
    this.name = 'ConfigError';
  }
}

function formatProblems(problems: readonly ConfigProblem[]): string {
  const lines = problems.map(p => `  - ${p.environment}: ${p.path || '(root)'}: ${p.message}`);
  return `Invalid environment configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was written:\n${lines.join('\n')}`;
}

function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  let current: unknown = input;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}

function toProblems(environment: string, input: unknown, issue: ZodIssue): ConfigProblem[] {
  if (issue.code === 'unrecognized_keys') {
    // One line per unknown key, so each bad field is named by its own path.
    return issue.keys.map(key => ({ environment, path: formatPath([...issue.path, key]), message: issue.message }));
  }
  if (issue.code === 'invalid_union') {
    return issue.unionErrors.flatMap(e => e.issues).flatMap(i => toProblems(environment, input, i));
  }
  const found = valueAt(input, issue.path);
  const message = issue.message === 'Required' ? 'required' : issue.message;
  const shown = JSON.stringify(found);
  const saysWhatItGot = message.startsWith('required') || message.includes(shown) || /\blabel key\b/.test(message);
  const got = found === undefined || saysWhatItGot ? '' : `, got ${shown}`;
  return [{ environment, path: formatPath(issue.path), message: `${message}${got}` }];
}

/**
 * Validates every environment and returns them with defaults applied, each named by its key (which
 * is also its output folder, so two environments can never write to the same one), or throws one
 * ConfigError naming every invalid field of every environment.
 */
export function parseEnvironments(inputs: Record<string, unknown>): EnvironmentConfig[] {
  const problems: ConfigProblem[] = [];
  const configs: EnvironmentConfig[] = [];
  for (const [name, input] of Object.entries(inputs)) {
    const key = dnsLabel.safeParse(name);
    if (!key.success) problems.push({ environment: name, path: '(name)', message: `the environment's key in lib/config/environments/index.ts is its output folder: ${key.error.issues[0].message}` });
    if (name === RESERVED_FOLDER) problems.push({ environment: name, path: '(name)', message: `"${RESERVED_FOLDER}" is the folder of the Argo CD Applications (dist/${RESERVED_FOLDER}/); choose another name` });
    const inheritance = inheritanceOf(input);
    problems.push(...(inheritance?.problems ?? []).map(p => ({ environment: name, ...p })));
    const result = environmentSchema.safeParse(input);
    if (result.success) {
      const mirror = result.data.images.registry;
      const unmirrored = mirror ? unmirroredImages(environmentSchema, result.data, mirror) : [];
      problems.push(...unmirrored.map(p => blame({ environment: name, path: formatPath(p.path), message: p.message }, inheritance)));
      // Charts receive the references the cluster pulls: with a mirror, every image field points at it.
      if (unmirrored.length === 0) configs.push({ ...(mirror ? resolveImages(environmentSchema, result.data, mirror) : result.data), name });
    } else problems.push(...result.error.issues.flatMap(issue => toProblems(name, input, issue)).map(p => blame(p, inheritance)));
  }
  if (problems.length > 0) throw new ConfigError(dedupe(problems));
  return configs;
}

/** Validates a single environment named `name`. */
export function parseEnvironment(input: unknown, name: string): EnvironmentConfig {
  return parseEnvironments({ [name]: input })[0];
}

/** In a derived environment, says whether a bad field was set by its overrides or inherited from its base. */
function blame(problem: ConfigProblem, inheritance: Inheritance | undefined): ConfigProblem {
  if (!inheritance) return problem;
  const own = inheritance.overridden.some(p => p === '' || problem.path === p || problem.path.startsWith(`${p}.`) || problem.path.startsWith(`${p}[`));
  return { ...problem, message: `${problem.message} (${own ? `set in ${inheritance.file}` : `inherited from ${inheritance.base}`})` };
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter(p => {
    const key = `${p.environment}|${p.path}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
