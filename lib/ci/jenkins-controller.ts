import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { JenkinsServices } from './jenkins-services';
import { PLUGINS_FILE, pluginInstallerContainer, pluginsFile, REFERENCE_PLUGIN_DIR } from './plugins';
import { updateSiteProperties } from './update-site';
import { CiConfig } from '../config/ci';
import { contentHash } from '../core/hash';
import { CONFIG_HASH_ANNOTATION } from '../core/platform-keys';
import { containerResources } from '../core/resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../core/security';
import { DeclaredSecret } from '../secrets/declared-secret';

/** The uid/gid the jenkins/jenkins image runs as and owns JENKINS_HOME with. */
const JENKINS_UID = 1000;
const JENKINS_HOME = '/var/jenkins_home';
const CONFIG_DIR = '/var/jenkins_config';
const JCASC_FILE = 'jenkins.yaml';
/** JCasC resolves `${name}` from the file `name` in this directory (the secrets-directory mechanism). */
const SECRETS_DIR = '/run/secrets/jenkins';
const TMP_DIR = '/tmp';
/** The WAR unpacks here (`--webroot`) instead of into the read-only image. */
const WAR_CACHE_DIR = '/var/jenkins_cache';
const PROBE_PERIOD_SECONDS = 10;

export interface JenkinsControllerProps {
  /** Namespace of the controller. */
  readonly namespace: string;
  /** Controller settings: image, resources, storage, probes. */
  readonly controller: CiConfig['controller'];
  /** How plugins get into the controller. */
  readonly plugins: CiConfig['plugins'];
  /**
   * Whether the controller's egress reaches the public internet: without it, Jenkins' own calls to jenkins.io
   * services are turned off (see `updateSiteProperties`).
   * @default false
   */
  readonly internetEgress?: boolean;
  /** The Services created for the controller (ports, governing Service). */
  readonly services: JenkinsServices;
  /** ServiceAccount the controller runs as: it creates agent pods through the API. */
  readonly serviceAccount: k8s.KubeServiceAccount;
  /** The JCasC YAML. */
  readonly jcasc: string;
  /** Secret whose keys JCasC reads as variables (mounted as the secrets directory). */
  readonly secrets: DeclaredSecret;
}

/**
 * The Jenkins controller: a StatefulSet of exactly one pod (Jenkins cannot share JENKINS_HOME
 * between two processes), its home on a PersistentVolumeClaim that outlives the pod and the
 * StatefulSet, configuration as code from a ConfigMap and plugins installed by an init container
 * (or baked into the image). Restricted Pod Security with a read-only root filesystem.
 */
export class JenkinsController extends Construct {
  public readonly statefulSet: k8s.KubeStatefulSet;
  /** ConfigMap with the JCasC file (and `plugins.txt` when an init container installs plugins). */
  public readonly configMap: k8s.KubeConfigMap;

  constructor(scope: Construct, id: string, props: JenkinsControllerProps) {
    super(scope, id);
    const { controller, plugins, services } = props;
    const name = services.http.name;
    const prefix = controller.pathPrefix ?? '';
    const installPlugins = plugins.install === 'initContainer' ? plugins : undefined;
    const mirror = installPlugins?.mirror?.url;

    const files: Record<string, string> = { [JCASC_FILE]: props.jcasc };
    if (installPlugins) files[PLUGINS_FILE] = pluginsFile(installPlugins.pins);
    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: { name: `${name}-config`, namespace: props.namespace },
      data: files,
    });

    const resources = containerResources(controller.resources);
    const securityContext = restrictedContainerSecurityContext({ user: JENKINS_UID });
    const volume = { home: 'jenkins-home', config: 'jenkins-config', secrets: 'jenkins-secrets', tmp: 'tmp', warCache: 'war-cache', plugins: 'plugins' };

    const probe = (failureThreshold: number): k8s.Probe => ({
      httpGet: { path: `${prefix}/login`, port: k8s.IntOrString.fromString('http') },
      periodSeconds: PROBE_PERIOD_SECONDS,
      timeoutSeconds: 5,
      failureThreshold,
    });

    const jenkins: k8s.Container = {
      name: 'jenkins',
      image: controller.image,
      env: [
        // Heap from the container limit; the rest of the memory is metaspace, threads and direct buffers.
        {
          name: 'JAVA_OPTS',
          value: [
            `-XX:MaxRAMPercentage=${controller.heapPercent}`, '-Djenkins.install.runSetupWizard=false',
            ...updateSiteProperties({ internetEgress: props.internetEgress ?? false, mirror }),
          ].join(' '),
        },
        { name: 'JENKINS_OPTS', value: [`--httpPort=${services.httpPort}`, `--webroot=${WAR_CACHE_DIR}/war`, ...(prefix ? [`--prefix=${prefix}`] : [])].join(' ') },
        // jenkins.sh passes this as a system property before JCasC runs; -1 keeps the listener closed in WebSocket mode.
        { name: 'JENKINS_SLAVE_AGENT_PORT', value: String(services.agentListenerPort ?? -1) },
        { name: 'CASC_JENKINS_CONFIG', value: `${CONFIG_DIR}/${JCASC_FILE}` },
        { name: 'SECRETS', value: SECRETS_DIR },
      ],
      ports: [
        { name: 'http', containerPort: services.httpPort, protocol: 'TCP' },
        ...(services.agentListenerPort ? [{ name: 'agent', containerPort: services.agentListenerPort, protocol: 'TCP' }] : []),
      ],
      resources,
      securityContext,
      // Plugin loading and upgrades can take minutes: liveness and readiness only start once this passed.
      startupProbe: probe(Math.ceil(controller.startupProbeSeconds / PROBE_PERIOD_SECONDS)),
      livenessProbe: probe(5),
      readinessProbe: probe(3),
      volumeMounts: [
        { name: volume.home, mountPath: JENKINS_HOME },
        { name: volume.config, mountPath: CONFIG_DIR, readOnly: true },
        // A directory mount (never subPath), so a rotated Secret reaches the pod.
        { name: volume.secrets, mountPath: SECRETS_DIR, readOnly: true },
        { name: volume.tmp, mountPath: TMP_DIR },
        { name: volume.warCache, mountPath: WAR_CACHE_DIR },
        // A baked image keeps its own reference plugins: only mount over them when the init container provides them.
        ...(installPlugins ? [{ name: volume.plugins, mountPath: REFERENCE_PLUGIN_DIR }] : []),
      ],
    };

    const initContainers = installPlugins ? [pluginInstallerContainer({
      image: controller.image,
      pins: installPlugins.pins,
      mirror,
      resources,
      securityContext,
      config: { volume: volume.config, mountPath: CONFIG_DIR },
      pluginVolume: volume.plugins,
      tmp: { volume: volume.tmp, mountPath: TMP_DIR },
    })] : undefined;

    this.statefulSet = new k8s.KubeStatefulSet(this, 'statefulset', {
      metadata: { name, namespace: props.namespace },
      spec: {
        replicas: controller.replicas,
        serviceName: services.headless.name,
        selector: { matchLabels: services.podLabels },
        // The home volume survives pod loss, scale-down and deletion of the StatefulSet.
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        template: {
          metadata: {
            labels: services.podLabels,
            annotations: { [CONFIG_HASH_ANNOTATION]: contentHash(files) },
          },
          spec: {
            serviceAccountName: props.serviceAccount.name,
            // The kubernetes plugin creates agent pods with this token.
            automountServiceAccountToken: true,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext({ user: JENKINS_UID, fsGroup: JENKINS_UID }),
            initContainers,
            containers: [jenkins],
            volumes: [
              { name: volume.config, configMap: { name: this.configMap.name } },
              { name: volume.secrets, secret: { secretName: props.secrets.name, defaultMode: 0o440 } },
              { name: volume.tmp, emptyDir: {} },
              { name: volume.warCache, emptyDir: {} },
              ...(installPlugins ? [{ name: volume.plugins, emptyDir: {} }] : []),
            ],
          },
        },
        volumeClaimTemplates: [{
          metadata: { name: volume.home },
          spec: {
            accessModes: ['ReadWriteOnce'],
            storageClassName: controller.storage.storageClassName,
            resources: { requests: { storage: k8s.Quantity.fromString(controller.storage.size) } },
          },
        }],
      },
    });
  }
}
