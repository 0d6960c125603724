import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const register = path.join(__dirname, '..', '..', 'lib', 'synth', 'register.js');

describe('the TypeScript loader used by synth', () => {
  test('a stack trace points at the TypeScript line that threw, not the stripped JavaScript', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'register-'));
    const file = path.join(dir, 'throws.ts');
    // Type-only lines above the throw disappear in the JavaScript, shifting its line numbers.
    fs.writeFileSync(file, [
      'interface Props {',
      '  readonly name: string;',
      '}',
      'type Alias = Props;',
      `const props: Alias = { name: 'x' };`,
      'throw new Error(`chart failed for ${props.name}`);',
      '',
    ].join('\n'));
    let stderr = '';
    try {
      execFileSync(process.execPath, ['--require', register, file], { stdio: 'pipe' });
    } catch (error) {
      stderr = String((error as { stderr: Buffer }).stderr);
    }
    expect(stderr).toContain('chart failed for x');
    expect(stderr).toContain(`${file}:6:7`);
  });
});
