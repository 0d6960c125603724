/**
 * What the Jenkins controller calls on its own from start-up, and the switches for it. Read from
 * jenkinsci/jenkins tag jenkins-2.555.3 (the core of `PLUGIN_CLI.readFrom`):
 *
 * - `core/src/main/java/jenkins/DailyCheck.java` runs at start (initial delay 0), then daily: it fetches
 *   `update-center.json` of every update site that is due, then the tool-installer metadata
 *   (`DownloadService.Downloadable`, e.g. core's Maven installer) from `<site>/updates/`.
 * - The default site is `<hudson.model.UpdateCenter.updateCenterUrl>update-center.json`, default
 *   `https://updates.jenkins.io/` (`core/src/main/java/hudson/model/UpdateCenter.java`, static block and
 *   `createDefaultUpdateSite`), unless `$JENKINS_HOME/hudson.model.UpdateCenter.xml` (written only when an
 *   administrator edits the sites) names another.
 * - `hudson.model.UpdateCenter.never=true` makes no site ever due (`UpdateSite.isDue`). It does not stop the
 *   tool-installer metadata: `hudson.model.DownloadService.never` is not checked by the server-side download
 *   (`DownloadService.java`, the TODO above `neverUpdate`).
 * - `jenkins/telemetry/Telemetry.java` posts to `https://uplink.jenkins.io/events` daily unless
 *   `Telemetry.isDisabled()`, which is true when `hudson.model.UsageStatistics.disabled=true`
 *   (`hudson/model/UsageStatistics.java`); that property also stops the usage statistics.
 */
export const JENKINS_PROPERTY = {
  updateCenterUrl: 'hudson.model.UpdateCenter.updateCenterUrl',
  updateCenterNever: 'hudson.model.UpdateCenter.never',
  usageStatisticsDisabled: 'hudson.model.UsageStatistics.disabled',
} as const;

export interface UpdateSiteOptions {
  /** Whether the controller's egress reaches the public internet (updates.jenkins.io, uplink.jenkins.io). */
  readonly internetEgress: boolean;
  /**
   * Base URL of an update-center mirror the controller can reach: the default update site is pointed there.
   * @default - none: updates.jenkins.io with internet egress, otherwise no update-site checks
   */
  readonly mirror?: string;
}

/**
 * `-D` system properties that keep the controller's own outbound calls inside its egress: the update site
 * is the mirror when there is one, and without internet egress nothing is sent to jenkins.io services.
 */
export function updateSiteProperties(options: UpdateSiteOptions): string[] {
  const properties: string[] = [];
  if (options.mirror) properties.push(`-D${JENKINS_PROPERTY.updateCenterUrl}=${options.mirror.replace(/\/+$/, '')}/`);
  else if (!options.internetEgress) properties.push(`-D${JENKINS_PROPERTY.updateCenterNever}=true`);
  if (!options.internetEgress) properties.push(`-D${JENKINS_PROPERTY.usageStatisticsDisabled}=true`);
  return properties;
}
