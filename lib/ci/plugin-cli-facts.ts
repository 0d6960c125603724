// Imports nothing: config validation checks the installer's URLs against the egress with these facts.

/**
 * How the jenkins-plugin-cli bundled in the controller image finds the URLs it fetches.
 *
 * - Image: jenkinsci/docker tag 2.555.3, `debian/Dockerfile`: `ARG PLUGIN_CLI_VERSION=2.15.0` and the `ENV`
 *   defaults in `imageEnv`.
 * - CLI: jenkinsci/plugin-installation-manager-tool tag 2.15.0,
 *   `plugin-management-cli/src/main/java/io/jenkins/tools/pluginmanager/cli/CliOptions.java` (which variable
 *   wins), `plugin-management-library/src/main/java/io/jenkins/tools/pluginmanager/config/Settings.java`
 *   (defaults) and `.../impl/PluginManager.java` (`getUCJson`, `getPluginDownloadUrl`, `downloadToFile`):
 *   - `JENKINS_UC`: `update-center.json` is appended unless the value ends in `json`; fetched on every run.
 *   - `JENKINS_PLUGIN_INFO` (default `defaultPluginInfo`): fetched on every run, for the checksums and
 *     dependencies of pinned versions. It does not follow `JENKINS_UC`.
 *   - Download of a pinned `name:version`, first match wins: `JENKINS_UC_DOWNLOAD_URL` + `/name/version/name.hpi`;
 *     `JENKINS_UC_DOWNLOAD` + `/plugins/...`; else the host of `JENKINS_UC` **without its path** + `/download/plugins/...`.
 *   - `JENKINS_UC_EXPERIMENTAL` and `JENKINS_INCREMENTALS_REPO_MIRROR` are read only for `experimental` and
 *     `incrementals;...` versions, which the pin schema rejects.
 *   - A failed download is retried once from `fallbackDownloadBase`, whatever the variables say.
 */
export const PLUGIN_CLI = {
  /** The controller image these facts were read from. */
  readFrom: 'docker.io/jenkins/jenkins:2.555.3-lts-jdk21',
  version: '2.15.0',
  imageEnv: {
    JENKINS_UC: 'https://updates.jenkins.io',
    JENKINS_UC_EXPERIMENTAL: 'https://updates.jenkins.io/experimental',
    JENKINS_INCREMENTALS_REPO_MIRROR: 'https://repo.jenkins-ci.org/incrementals',
  } as Readonly<Record<string, string>>,
  defaultPluginInfo: 'https://updates.jenkins.io/plugin-versions.json',
  fallbackDownloadBase: 'https://archives.jenkins.io/',
} as const;

/** One URL jenkins-plugin-cli fetches, and the variable it comes from. */
export interface PluginCliFetch {
  readonly variable: string;
  readonly url: string;
}

/**
 * The URLs jenkins-plugin-cli {@link PLUGIN_CLI.version} fetches to install pinned `name:version` plugins,
 * given the variables the container sets on top of the image's: a model of the upstream code cited at
 * {@link PLUGIN_CLI}. The archive fallback after a failed download is left out: it is only tried once the
 * configured source has failed.
 */
export function pluginCliFetches(containerEnv: Readonly<Record<string, string>>): PluginCliFetch[] {
  const env: Record<string, string | undefined> = { ...PLUGIN_CLI.imageEnv, ...containerEnv };
  const uc = env.JENKINS_UC!;
  const hpi = '<name>/<version>/<name>.hpi';
  const download: PluginCliFetch = env.JENKINS_UC_DOWNLOAD_URL ? { variable: 'JENKINS_UC_DOWNLOAD_URL', url: joinUrl(env.JENKINS_UC_DOWNLOAD_URL, hpi) }
    : env.JENKINS_UC_DOWNLOAD ? { variable: 'JENKINS_UC_DOWNLOAD', url: joinUrl(env.JENKINS_UC_DOWNLOAD, `plugins/${hpi}`) }
      : { variable: 'JENKINS_UC', url: joinUrl(new URL(uc).origin, `download/plugins/${hpi}`) };
  return [
    { variable: 'JENKINS_UC', url: uc.endsWith('json') ? uc : joinUrl(uc, 'update-center.json') },
    { variable: 'JENKINS_PLUGIN_INFO', url: env.JENKINS_PLUGIN_INFO ?? PLUGIN_CLI.defaultPluginInfo },
    download,
  ];
}

/**
 * The installer's variables for an update-center mirror at `url`, laid out like updates.jenkins.io
 * (`update-center.json`, `plugin-versions.json`, `download/plugins/<name>/<version>/<name>.hpi`), which serves
 * the files itself rather than redirecting to other hosts. `JENKINS_UC_DOWNLOAD_URL` takes precedence over
 * `JENKINS_UC_DOWNLOAD` in {@link PLUGIN_CLI.version}, so only the former is set.
 */
export function mirrorEnv(url: string): Record<string, string> {
  return {
    JENKINS_UC: joinUrl(url, 'update-center.json'),
    JENKINS_PLUGIN_INFO: joinUrl(url, 'plugin-versions.json'),
    JENKINS_UC_DOWNLOAD_URL: joinUrl(url, 'download/plugins'),
  };
}

function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path}`;
}

