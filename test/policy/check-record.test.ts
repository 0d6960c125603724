import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { recordedResult, writeCheckRecord } from '../../lib/policy/check-record';
import { Violation } from '../../lib/policy/types';

describe('check record', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-record-'));
  const folder = path.join(outdir, 'dev');
  const files = ['0000-a.k8s.yaml', '0001-b.k8s.yaml'].map(f => path.join(folder, f));
  const violation: Violation = { ruleId: 'IMG-LATEST', reason: 'r', detail: 'd', kind: 'Pod', name: 'p', path: 'spec', hint: 'h', severity: 'error' };

  beforeEach(() => {
    fs.mkdirSync(folder, { recursive: true });
    files.forEach((f, i) => fs.writeFileSync(f, `kind: ConfigMap\nmetadata: {name: c${i}}\n`));
    writeCheckRecord(outdir, { dev: { files, objects: 2, violations: [violation] } });
  });

  test('is reused for byte-identical files', () => {
    expect(recordedResult(folder, files)).toEqual({ objects: 2, violations: [violation] });
  });

  test('is ignored once any file changed, so the plugin checks the real content', () => {
    fs.appendFileSync(files[1], '# edited\n');
    expect(recordedResult(folder, files)).toBeUndefined();
  });

  test('is ignored for a different set of files or an unknown folder', () => {
    expect(recordedResult(folder, files.slice(0, 1))).toBeUndefined();
    expect(recordedResult(path.join(outdir, 'prod'), files)).toBeUndefined();
  });
});
