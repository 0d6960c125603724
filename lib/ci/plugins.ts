import { k8s } from 'cdk8s-plus-27';

/**
 * Where the jenkins/jenkins image looks for reference plugins: `jenkins.sh` copies them into
 * `$JENKINS_HOME/plugins` at start (upgrading older copies), so the plugin set is whatever this
 * directory holds.
 */
export const REFERENCE_PLUGIN_DIR = '/usr/share/jenkins/ref/plugins';

/** The file jenkins-plugin-cli reads (`name:version` per line). */
export const PLUGINS_FILE = 'plugins.txt';

export interface PluginInstallerProps {
  /** The controller image (it ships jenkins-plugin-cli and the WAR the plugins must match). */
  readonly image: string;
  /** Pinned `name:version` list. */
  readonly pins: readonly string[];
  /** Update-center mirror. @default - updates.jenkins.io */
  readonly updateCenter?: string;
  /** Same as the controller's: the CLI resolves dependencies in a JVM. */
  readonly resources: k8s.ResourceRequirements;
  /** Same as the controller's (restricted, read-only root): the container writes only to the mounted volumes. */
  readonly securityContext: k8s.SecurityContext;
  /** Volume holding `plugins.txt`, and where it is mounted. */
  readonly config: { readonly volume: string; readonly mountPath: string };
  /** Writable volume the plugins are downloaded to, shared with the controller (mounted at {@link REFERENCE_PLUGIN_DIR}). */
  readonly pluginVolume: string;
  /** Writable scratch volume, and where it is mounted: the plugin download cache goes there. */
  readonly tmp: { readonly volume: string; readonly mountPath: string };
}

/** `plugins.txt` for a pin list. */
export function pluginsFile(pins: readonly string[]): string {
  return `${pins.join('\n')}\n`;
}

/**
 * Init container that downloads the pinned plugins into an emptyDir the controller mounts at
 * {@link REFERENCE_PLUGIN_DIR}. It writes only to mounted volumes (the download directory and a
 * cache under /tmp), so it runs with a read-only root filesystem.
 */
export function pluginInstallerContainer(props: PluginInstallerProps): k8s.Container {
  return {
    name: 'install-plugins',
    image: props.image,
    command: [
      'jenkins-plugin-cli', '--verbose',
      '--war', '/usr/share/jenkins/jenkins.war',
      '--plugin-file', `${props.config.mountPath}/${PLUGINS_FILE}`,
      '--plugin-download-directory', REFERENCE_PLUGIN_DIR,
    ],
    env: [
      // The default cache is ~/.cache, i.e. inside the read-only image.
      { name: 'CACHE_DIR', value: `${props.tmp.mountPath}/jenkins-plugin-cache` },
      ...(props.updateCenter ? [{ name: 'JENKINS_UC', value: props.updateCenter }] : []),
    ],
    resources: props.resources,
    securityContext: props.securityContext,
    volumeMounts: [
      { name: props.config.volume, mountPath: props.config.mountPath, readOnly: true },
      { name: props.pluginVolume, mountPath: REFERENCE_PLUGIN_DIR },
      { name: props.tmp.volume, mountPath: props.tmp.mountPath },
    ],
  };
}
