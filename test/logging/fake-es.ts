import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * A fake Elasticsearch for setup scripts: `fake-curl.sh` on PATH keeps every PUT/POST body as a
 * file, and `sleep` returns at once. Passwords go in as the Secrets would provide them.
 */
export class FakeElasticsearch {
  public readonly store = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-es-'));
  private readonly bin = path.join(this.store, 'bin');

  constructor(script: string, private readonly elasticPassword: string) {
    fs.mkdirSync(this.bin);
    fs.copyFileSync(path.join(__dirname, 'fake-curl.sh'), path.join(this.bin, 'curl'));
    fs.writeFileSync(path.join(this.bin, 'sleep'), '#!/bin/sh\necho "$1" >>"$FAKE_ES_STORE/sleeps.log"\n');
    for (const tool of ['curl', 'sleep']) fs.chmodSync(path.join(this.bin, tool), 0o755);
    fs.writeFileSync(path.join(this.store, 'setup.sh'), script);
    fs.mkdirSync(path.join(this.store, 'tmp'));
  }

  /** Runs the script with these environment variables. */
  public run(env: Record<string, string>): { status: number; stderr: string } {
    try {
      execFileSync('sh', [path.join(this.store, 'setup.sh')], {
        env: { PATH: `${this.bin}:${process.env.PATH}`, TMPDIR: path.join(this.store, 'tmp'), FAKE_ES_STORE: this.store, FAKE_ES_ELASTIC_PASSWORD: this.elasticPassword, ...env },
        encoding: 'utf8', stdio: 'pipe',
      });
      return { status: 0, stderr: '' };
    } catch (error: any) {
      return { status: error.status, stderr: error.stderr };
    }
  }

  /** Every object the fake cluster holds, by request path, parsed. */
  public objects(): Record<string, any> {
    const root = path.join(this.store, 'es');
    const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter(f => fs.statSync(path.join(root, f)).isFile());
    return Object.fromEntries(files.sort().map(f => [`/${f}`, JSON.parse(fs.readFileSync(path.join(root, f), 'utf8'))]));
  }

  /** Deletes an object, as an operator might. */
  public remove(requestPath: string): void {
    fs.rmSync(path.join(this.store, 'es', requestPath));
  }

  /** Replaces an object's body, as an operator might. */
  public edit(requestPath: string, body: unknown): void {
    fs.writeFileSync(path.join(this.store, 'es', requestPath), JSON.stringify(body));
  }

  /** The calls since the last time, as "METHOD PATH". */
  public takeCalls(): string[] {
    const log = path.join(this.store, 'calls.log');
    const calls = fs.readFileSync(log, 'utf8').trim().split('\n').map(line => line.split(' ').slice(0, 2).join(' '));
    fs.writeFileSync(log, '');
    return calls;
  }

  public dispose(): void {
    fs.rmSync(this.store, { recursive: true, force: true });
  }
}
