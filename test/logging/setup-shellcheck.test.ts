import { execFileSync } from 'child_process';
import { loggingOf } from './support';
import { environmentInput, find } from '../support/render';

/** The rendered setup script with every step on (snapshots and audit), checked by the real shellcheck (Debian package `shellcheck`). */
test('the setup script with its snapshot and audit steps passes shellcheck', () => {
  const input = environmentInput('prod');
  (input.logging as any).audit = { enabled: true, retentionDays: 30 };
  const script = find(loggingOf(input), 'ConfigMap', 'elasticsearch-setup', 'logging').data['setup.sh'];
  expect(script).toContain('/_slm/policy/');
  expect(script).toContain('/api/data_views/data_view');
  const run = () => execFileSync('shellcheck', ['--shell=sh', '--severity=style', '-'], { input: script, encoding: 'utf8', stdio: 'pipe' });
  expect(run).not.toThrow();
});
