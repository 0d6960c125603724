import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pluginInstallerContainer } from '../../lib/ci/plugins';

/** The init container's command, run by bash with a stand-in jenkins-plugin-cli on PATH and the plugin directory in a temp dir. */
function runInstaller(cliExitCode: number) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'install-plugins-'));
  const bin = path.join(tmp, 'bin');
  const plugins = path.join(tmp, 'plugins');
  fs.mkdirSync(bin);
  fs.mkdirSync(plugins);
  // Writes two plugins where it is told to, records its arguments, exits as asked.
  fs.writeFileSync(path.join(bin, 'jenkins-plugin-cli'), [
    '#!/bin/sh',
    `echo "$*" > "${tmp}/args"`,
    'while [ $# -gt 0 ]; do [ "$1" = --plugin-download-directory ] && dir=$2; shift; done',
    'touch "$dir/git.jpi" "$dir/kubernetes.jpi"',
    `exit ${cliExitCode}`,
  ].join('\n'), { mode: 0o755 });
  const container = pluginInstallerContainer({
    image: 'jenkins', pins: [], resources: { cpu: '1', memory: '1Gi' },
    config: { volume: 'config', mountPath: '/config' }, pluginVolume: 'plugins', tmp: { volume: 'tmp', mountPath: '/tmp' },
  });
  const [shell, ...args] = container.command!.map(a => a.replace('/usr/share/jenkins/ref/plugins', plugins));
  const result = spawnSync(shell, args, { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
  const files = fs.readdirSync(plugins).sort();
  const cliArgs = fs.existsSync(path.join(tmp, 'args')) ? fs.readFileSync(path.join(tmp, 'args'), 'utf8').trim() : '';
  fs.rmSync(tmp, { recursive: true, force: true });
  return { status: result.status, files, cliArgs };
}

describe('the plugin installer init container (lib/ci/install-plugins.sh, run by bash)', () => {
  test('passes its arguments to jenkins-plugin-cli, then renames every plugin .jpi.override so that the pins win', () => {
    const { status, files, cliArgs } = runInstaller(0);
    expect(status).toBe(0);
    expect(files).toEqual(['git.jpi.override', 'kubernetes.jpi.override']);
    expect(cliArgs).toContain('--plugin-file /config/plugins.txt');
    expect(cliArgs).toContain('--latest false');
  });

  test('a failed download fails the container and renames nothing', () => {
    const { status, files } = runInstaller(1);
    expect(status).toBe(1);
    expect(files).toEqual(['git.jpi', 'kubernetes.jpi']);
  });
});
