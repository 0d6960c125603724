import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Violation } from './types';

/** File next to the environment folders (never inside one) recording what synth already checked. */
export const CHECK_RECORD_FILE = 'guardrails.json';

/** What checking one folder found. */
export interface CheckResult {
  readonly objects: number;
  readonly violations: Violation[];
}

interface CheckRecord {
  /** Per environment folder name: the sha256 of each manifest file checked, and what the check found. */
  readonly [folder: string]: CheckResult & { readonly files: Record<string, string> };
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/**
 * Records the result of checking each environment folder of `outdir`, keyed by a hash of every
 * manifest file in it. main.ts checks the objects it just rendered (in memory, before anything is
 * published); the cdk8s plugin then reuses that result for byte-identical files instead of
 * parsing the YAML a second time.
 */
export function writeCheckRecord(outdir: string, results: Record<string, CheckResult & { files: readonly string[] }>): void {
  const record: Record<string, CheckRecord[string]> = {};
  for (const [folder, { files, objects, violations }] of Object.entries(results)) {
    record[folder] = { files: Object.fromEntries(files.map(f => [path.basename(f), sha256(f)])), objects, violations };
  }
  fs.writeFileSync(path.join(outdir, CHECK_RECORD_FILE), JSON.stringify(record));
}

/**
 * The recorded result for the manifest `files` of one folder, or undefined unless the record
 * covers exactly these files with exactly this content.
 */
export function recordedResult(folder: string, files: readonly string[]): CheckResult | undefined {
  const recordFile = path.join(path.dirname(folder), CHECK_RECORD_FILE);
  if (!fs.existsSync(recordFile)) return undefined;
  const entry = (JSON.parse(fs.readFileSync(recordFile, 'utf8')) as CheckRecord)[path.basename(folder)];
  if (!entry || Object.keys(entry.files).length !== files.length) return undefined;
  const same = files.every(f => entry.files[path.basename(f)] === sha256(f));
  return same ? { objects: entry.objects, violations: entry.violations } : undefined;
}
