import { mirrorEnv } from './plugin-cli-facts';
import { Resources } from '../core/resources';
import { WorkloadContainer } from '../core/workload-pod';

/**
 * Where the jenkins/jenkins image looks for reference plugins: `jenkins.sh` copies each into `$JENKINS_HOME/plugins`
 * at start when that has no copy of it (`copy_reference_file` in `jenkins-support`, jenkinsci/docker 2.555.3).
 */
export const REFERENCE_PLUGIN_DIR = '/usr/share/jenkins/ref/plugins';

/** The file jenkins-plugin-cli reads (`name:version` per line). */
export const PLUGINS_FILE = 'plugins.txt';

export interface PluginInstallerProps {
  /** The controller image (it ships jenkins-plugin-cli and the WAR the plugins must match). */
  readonly image: string;
  /** Pinned `name:version` list. */
  readonly pins: readonly string[];
  /** Base URL of an update-center mirror every installer URL is derived from (see {@link mirrorEnv}). @default - the image's: updates.jenkins.io */
  readonly mirror?: string;
  /** Same as the controller's: the CLI resolves dependencies in a JVM. */
  readonly resources: Resources;
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
 * {@link REFERENCE_PLUGIN_DIR}, for jenkins.sh to install. It writes only to mounted volumes (the download directory
 * and a cache under /tmp), so it runs with the pod's read-only root filesystem.
 */
export function pluginInstallerContainer(props: PluginInstallerProps): WorkloadContainer {
  return {
    name: 'install-plugins',
    image: props.image,
    command: [
      'jenkins-plugin-cli',
      '--verbose',
      '--war', '/usr/share/jenkins/jenkins.war',
      '--plugin-file', `${props.config.mountPath}/${PLUGINS_FILE}`,
      '--plugin-download-directory', REFERENCE_PLUGIN_DIR,
      // jenkins-plugin-cli 2.15.0 defaults to the latest version of every dependency (CliOptions.java `useLatestAll =
      // true`): dependencies would change on any restart. Off, they are the versions the pinned plugins require.
      '--latest', 'false',
    ],
    env: [
      // The default cache is ~/.cache, i.e. inside the read-only image.
      { name: 'CACHE_DIR', value: `${props.tmp.mountPath}/jenkins-plugin-cache` },
      ...Object.entries(props.mirror ? mirrorEnv(props.mirror) : {}).map(([name, value]) => ({ name, value })),
    ],
    resources: props.resources,
    volumeMounts: [
      { name: props.config.volume, mountPath: props.config.mountPath, readOnly: true },
      { name: props.pluginVolume, mountPath: REFERENCE_PLUGIN_DIR },
      { name: props.tmp.volume, mountPath: props.tmp.mountPath },
    ],
  };
}

/** How plugins get into the controller. */
export type PluginSource =
  | {
    /** An init container installs `pins` with jenkins-plugin-cli on every start. */
    readonly install: 'initContainer';
    /** Pinned `name:version` of each plugin; jenkins-plugin-cli resolves their dependencies. */
    readonly pins: readonly string[];
    /** Base URL of an update-center mirror (see {@link mirrorEnv}). @default - updates.jenkins.io */
    readonly mirror?: string;
  }
  | {
    /** The image already contains the plugins: no download at start. */
    readonly install: 'image';
  };
