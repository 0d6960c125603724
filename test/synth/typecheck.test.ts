import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { typecheck, typecheckRequired } from '../../lib/synth/typecheck';

describe('type-check before a CI synth', () => {
  test.each([
    [{ CI: 'true' }, true], [{ CI: '1' }, true], [{}, false], [{ CI: '' }, false], [{ CI: 'false' }, false],
  ])('%j requires it: %s', (env, required) => {
    expect(typecheckRequired(env)).toBe(required);
  });

  const project = (source: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'typecheck-'));
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [] }, include: ['*.ts'] }));
    fs.writeFileSync(path.join(dir, 'chart.ts'), source);
    fs.symlinkSync(path.join(__dirname, '..', '..', 'node_modules'), path.join(dir, 'node_modules'));
    return dir;
  };

  test('reports a type error with its file and line', () => {
    expect(typecheck(project('const replicas: number = "2";\nexport { replicas };\n'))).toMatch(/chart\.ts\(1,7\): error TS2322/);
  });

  test('is quiet on a project that type-checks', () => {
    expect(typecheck(project('const replicas: number = 2;\nexport { replicas };\n'))).toBe('');
  });
});
