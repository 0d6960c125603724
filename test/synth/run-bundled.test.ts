import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const runner = path.join(__dirname, '..', '..', 'lib', 'synth', 'run-bundled.js');
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'run-bundled-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

/** A throwaway project: `files` relative to a temp folder; returns the folder. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(temp, 'project-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function run(entry: string, ...args: string[]) {
  const env = { ...process.env, PLATFORM_BUNDLE_CACHE: path.join(temp, 'cache') };
  const result = spawnSync(process.execPath, [runner, entry, ...args], { encoding: 'utf8', env });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the bundling runner cdk8s.yaml starts main.ts with', () => {
  test('a stack trace points at the TypeScript line that threw, in the imported file', () => {
    const dir = project({
      'main.ts': `import { fail } from './lib/fail';\nfail('x');\n`,
      // Type-only lines above the throw disappear in the JavaScript, shifting its line numbers.
      'lib/fail.ts': [
        'interface Props {',
        '  readonly name: string;',
        '}',
        'export function fail(name: string): never {',
        '  const props: Props = { name };',
        '  throw new Error(`chart failed for ${props.name}`);',
        '}',
        '',
      ].join('\n'),
    });
    const { status, stderr } = run(path.join(dir, 'main.ts'));
    expect(status).not.toBe(0);
    expect(stderr).toContain('Error: chart failed for x');
    expect(stderr).toContain(`${path.join(dir, 'lib', 'fail.ts')}:6:9`);
    expect(stderr).toContain(`${path.join(dir, 'main.ts')}:2:1`);
  });

  test('each module keeps its own __dirname, so files next to it are found', () => {
    const dir = project({
      'main.ts': `import { STEP } from './steps/step';\nconsole.log(STEP.trim(), __filename);\n`,
      'steps/step.ts': `import { readFileSync } from 'fs';\nimport { join } from 'path';\nexport const STEP = readFileSync(join(__dirname, 'step.sh'), 'utf8');\n`,
      'steps/step.sh': 'echo step\n',
    });
    const { status, stdout } = run(path.join(dir, 'main.ts'));
    expect(status).toBe(0);
    expect(stdout.trim()).toBe(`echo step ${path.join(dir, 'main.ts')}`);
  });

  test('an edited input is rebuilt; the entry sees its arguments and is the main module', () => {
    const dir = project({
      'main.ts': `import { word } from './word';\nif (require.main === module) console.log(word, process.argv.slice(2).join(' '));\n`,
      'word.ts': `export const word: string = 'first';\n`,
    });
    expect(run(path.join(dir, 'main.ts'), 'a', 'b').stdout.trim()).toBe('first a b');
    fs.writeFileSync(path.join(dir, 'word.ts'), `export const word: string = 'second';\n`);
    expect(run(path.join(dir, 'main.ts')).stdout.trim()).toBe('second');
  });

  test('the code cache taken at exit is used by the next run, and a damaged one is rejected and rewritten', () => {
    const dir = project({ 'main.ts': `const n: number = 21;\nconsole.log(n * 2);\n` });
    const cacheDir = path.join(temp, 'cache');
    const caches = () => fs.readdirSync(cacheDir).filter(f => f.endsWith('.v8cache'));
    const before = new Set(caches());
    expect(run(path.join(dir, 'main.ts')).stdout.trim()).toBe('42');
    const [cache] = caches().filter(f => !before.has(f));
    expect(cache).toBeDefined();
    fs.writeFileSync(path.join(cacheDir, cache), 'not a code cache');
    expect(run(path.join(dir, 'main.ts')).stdout.trim()).toBe('42');
    expect(fs.readFileSync(path.join(cacheDir, cache), 'utf8')).not.toBe('not a code cache');
  });

  test('a file that does not parse is named with its line, and the entry does not run', () => {
    const dir = project({ 'main.ts': `import { x } from './broken';\nconsole.log('ran', x);\n`, 'broken.ts': `export const ok = 1;\nexport const x = ;\n` });
    const { status, stdout, stderr } = run(path.join(dir, 'main.ts'));
    expect(status).toBe(1);
    expect(stdout).not.toContain('ran');
    expect(stderr).toContain('broken.ts:2:');
    expect(stderr).not.toContain('node_modules/esbuild');
  });
});
