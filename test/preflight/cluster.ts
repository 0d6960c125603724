import * as fs from 'fs';
import * as path from 'path';
import { KubectlOutput, KubectlRunner } from '../../lib/preflight/kubectl';

/** Recorded responses of a cluster that has everything prod needs (see fake-kubectl.sh for the file names). */
export const RECORDED = path.join(__dirname, 'recorded');

/** The file name fake-kubectl.sh looks up for a call: the arguments without `-o json` and `--context`. */
export function responseKey(args: readonly string[]): string {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-o' || args[i] === '--context') i++;
    else kept.push(args[i]);
  }
  return kept.join('_').replace(/\//g, '%');
}

/** A recorded response, parsed. */
export function recorded(key: string): any {
  return JSON.parse(fs.readFileSync(path.join(RECORDED, `${key}.json`), 'utf8'));
}

/** A response override: a JSON body, `notFound`, or an error printed to stderr. */
export type Override = object | 'notFound' | { stderr: string };

export const FORBIDDEN = (what: string): Override => ({ stderr: `Error from server (Forbidden): ${what} is forbidden: User "ci-reader" cannot get resource "${what}" at the cluster scope` });

/** An in-process runner replaying the recorded cluster, with some responses replaced; records every call. */
export function recordedCluster(overrides: Record<string, Override> = {}): { runner: KubectlRunner; calls: string[][] } {
  const calls: string[][] = [];
  const runner: KubectlRunner = (args): KubectlOutput => {
    calls.push([...args]);
    const key = responseKey(args);
    const response = key in overrides ? overrides[key] : fs.existsSync(path.join(RECORDED, `${key}.json`)) ? recorded(key) : 'notFound';
    if (response === 'notFound') return { status: 1, stdout: '', stderr: `Error from server (NotFound): ${key} not found\n` };
    if ('stderr' in response) return { status: 1, stdout: '', stderr: `${(response as { stderr: string }).stderr}\n` };
    return { status: 0, stdout: JSON.stringify(response), stderr: '' };
  };
  return { runner, calls };
}
