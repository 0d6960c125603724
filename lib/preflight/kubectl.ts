import { spawnSync } from 'child_process';

/**
 * The only kubectl verbs preflight ever runs: it reads the cluster and never changes it. Every call
 * goes through `readOnlyArgs`, so a mutating verb cannot be issued even by mistake.
 */
export const READ_ONLY_VERBS = ['get', 'version'] as const;
export type ReadOnlyVerb = typeof READ_ONLY_VERBS[number];

/** What one kubectl process returned. */
export interface KubectlOutput {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs kubectl with the given arguments (injectable so tests can replay recorded responses). */
export type KubectlRunner = (args: readonly string[]) => KubectlOutput;

export interface KubectlRunnerOptions {
  /** Executable to run. @default 'kubectl' (from PATH) */
  readonly command?: string;
  /** Environment of the child process. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** A runner that spawns kubectl (synchronously: preflight makes a dozen small calls, one after another). */
export function kubectlRunner(options: KubectlRunnerOptions = {}): KubectlRunner {
  return args => {
    const result = spawnSync(options.command ?? 'kubectl', [...args], { env: options.env ?? process.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (result.error) return { status: 127, stdout: '', stderr: `cannot run ${options.command ?? 'kubectl'}: ${result.error.message}` };
    return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
  };
}

/** A read: the JSON the API server returned, or why there is none. */
export type ReadResult =
  | { readonly kind: 'found'; readonly value: any }
  | { readonly kind: 'notFound' }
  | { readonly kind: 'unknown'; readonly reason: string; /** RBAC denied the read (as opposed to an unreachable server). */ readonly forbidden: boolean };

/** What to read: `get <resource> [name] [-n namespace] [-l selector]`. */
export interface GetRequest {
  readonly resource: string;
  readonly name?: string;
  readonly namespace?: string;
  /** Label selector such as `a=b,c=d` (lists only). */
  readonly selector?: string;
}

/** The arguments of a read-only call; throws for any other verb. */
export function readOnlyArgs(verb: ReadOnlyVerb, rest: readonly string[], context?: string): string[] {
  if (!(READ_ONLY_VERBS as readonly string[]).includes(verb)) throw new Error(`preflight only reads the cluster; refusing kubectl ${verb}`);
  return [verb, ...rest, '-o', 'json', ...(context ? ['--context', context] : [])];
}

/** Reads from one cluster through kubectl; identical reads are made once. */
export class Kube {
  private readonly cache = new Map<string, ReadResult>();

  constructor(private readonly run: KubectlRunner, private readonly context?: string) {}

  /** `kubectl get ... -o json`. */
  get(request: GetRequest): ReadResult {
    const rest = [request.resource, ...(request.name ? [request.name] : [])];
    if (request.namespace) rest.push('-n', request.namespace);
    if (request.selector) rest.push('-l', request.selector);
    return this.read(readOnlyArgs('get', rest, this.context));
  }

  /** `kubectl version -o json`: client and server versions. */
  version(): ReadResult {
    return this.read(readOnlyArgs('version', [], this.context));
  }

  private read(args: string[]): ReadResult {
    const key = JSON.stringify(args);
    if (!this.cache.has(key)) this.cache.set(key, interpret(this.run(args)));
    return this.cache.get(key)!;
  }
}

function interpret(output: KubectlOutput): ReadResult {
  const error = output.stderr.trim().split('\n').filter(l => l.trim() !== '').pop() ?? `kubectl exited with ${output.status}`;
  if (output.status !== 0) {
    // A missing CRD makes its resource type unknown to the server: the objects are missing too.
    return /\(NotFound\)|doesn't have a resource type/.test(output.stderr) ? { kind: 'notFound' } : { kind: 'unknown', reason: error, forbidden: /\(Forbidden\)/.test(output.stderr) };
  }
  try {
    return { kind: 'found', value: JSON.parse(output.stdout) };
  } catch {
    return { kind: 'unknown', reason: `kubectl printed no JSON: ${output.stdout.slice(0, 200)}`, forbidden: false };
  }
}
