import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { KubeObject } from '../../lib/core/kube-object';

/** Multi-document YAML, as the synth writes it. */
export function manifest(objects: KubeObject[]): string {
  return objects.map((obj) => stringify(obj)).join('---\n');
}

/** A throw-away git repository with a `main` branch; `git` runs there without the user's hooks or identity. */
export class TempRepo {
  readonly dir = mkdtempSync(join(tmpdir(), 'review-'));

  constructor() {
    this.git('init', '-q', '-b', 'main');
  }

  git(...args: string[]): string {
    return execFileSync('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args], { cwd: this.dir, encoding: 'utf8' });
  }

  write(path: string, text: string): void {
    mkdirSync(join(this.dir, path, '..'), { recursive: true });
    writeFileSync(join(this.dir, path), text);
  }

  commit(message: string): void {
    this.git('add', '-A');
    this.git('commit', '-q', '-m', message);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
