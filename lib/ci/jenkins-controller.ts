import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { JenkinsServices } from './jenkins-services';
import { PLUGINS_FILE, pluginInstallerContainer, pluginsFile, PluginSource, REFERENCE_PLUGIN_DIR } from './plugins';
import { updateSiteProperties } from './update-site';
import { contentHash } from '../core/hash';
import { CONFIG_HASH_ANNOTATION } from '../core/platform-keys';
import { Resources, VolumeStorage } from '../core/resources';
import { PersistentStatefulSet } from '../core/stateful-set';
import { workloadPod } from '../core/workload-pod';
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
  /** Pinned `jenkins/jenkins` image, or a custom image with the plugins baked in (`plugins.install: 'image'`). */
  readonly image: string;
  /** CPU and memory of the controller (and of the plugin installer, which runs a JVM too). */
  readonly resources: Resources;
  /** JVM heap as a share of the container memory limit (`-XX:MaxRAMPercentage`). */
  readonly heapPercent: number;
  /** The JENKINS_HOME volume claim: size, and StorageClass (omitted: the cluster's default class). */
  readonly storage: VolumeStorage;
  /** How long a start may take, in seconds, before the kubelet restarts the pod (plugin loading and upgrades are slow). */
  readonly startupProbeSeconds: number;
  /**
   * Path Jenkins is served under (e.g. `/jenkins`), without a trailing "/".
   * @default - the host root
   */
  readonly pathPrefix?: string;
  /** How plugins get into the controller. */
  readonly plugins: PluginSource;
  /**
   * Whether the controller's egress reaches the public internet: without it, Jenkins' own calls to jenkins.io
   * services are turned off (see `updateSiteProperties`).
   * @default false
   */
  readonly internetEgress?: boolean;
  /** The Services created for the controller (identity, ports, governing Service). */
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
    const { plugins, services } = props;
    const name = services.http.name;
    const prefix = props.pathPrefix ?? '';
    const installPlugins = plugins.install === 'initContainer' ? plugins : undefined;
    const mirror = installPlugins?.mirror;

    const files: Record<string, string> = { [JCASC_FILE]: props.jcasc };
    if (installPlugins) files[PLUGINS_FILE] = pluginsFile(installPlugins.pins);
    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: { name: `${name}-config`, namespace: props.namespace },
      data: files,
    });

    const volume = {
      home: 'jenkins-home', config: 'jenkins-config', secrets: 'jenkins-secrets', tmp: 'tmp', warCache: 'war-cache',
      plugins: 'plugins', installedPlugins: 'installed-plugins',
    };
    const probe = (failureThreshold: number): k8s.Probe => ({
      httpGet: { path: `${prefix}/login`, port: k8s.IntOrString.fromString('http') },
      periodSeconds: PROBE_PERIOD_SECONDS,
      timeoutSeconds: 5,
      failureThreshold,
    });

    const pod = workloadPod({
      identity: services.identity,
      runAs: { user: JENKINS_UID },
      fsGroup: JENKINS_UID,
      // The kubernetes plugin creates agent pods with this account's token.
      serviceAccountName: props.serviceAccount.name,
      annotations: { [CONFIG_HASH_ANNOTATION]: contentHash(files) },
      initContainers: installPlugins && [pluginInstallerContainer({
        image: props.image,
        pins: installPlugins.pins,
        mirror,
        resources: props.resources,
        config: { volume: volume.config, mountPath: CONFIG_DIR },
        pluginVolume: volume.plugins,
        tmp: { volume: volume.tmp, mountPath: TMP_DIR },
      })],
      containers: [{
        name: 'jenkins',
        image: props.image,
        env: [
          // Heap from the container limit; the rest of the memory is metaspace, threads and direct buffers.
          {
            name: 'JAVA_OPTS',
            value: [
              `-XX:MaxRAMPercentage=${props.heapPercent}`, '-Djenkins.install.runSetupWizard=false',
              ...updateSiteProperties({ internetEgress: props.internetEgress ?? false, mirror }),
            ].join(' '),
          },
          { name: 'JENKINS_OPTS', value: [`--httpPort=${services.httpPort}`, `--webroot=${WAR_CACHE_DIR}/war`, ...(prefix ? [`--prefix=${prefix}`] : [])].join(' ') },
          // jenkins.sh passes this as a system property before JCasC runs; -1 keeps the listener closed in WebSocket mode.
          { name: 'JENKINS_SLAVE_AGENT_PORT', value: String(services.agentListenerPort ?? -1) },
          { name: 'CASC_JENKINS_CONFIG', value: `${CONFIG_DIR}/${JCASC_FILE}` },
          { name: 'SECRETS', value: SECRETS_DIR },
          // A `${...}` JCasC cannot resolve (a missing Secret key) aborts instead of becoming "" (an admin without a
          // password): configuration-as-code 2065 SecretSourceResolver.UnresolvedLookup.
          { name: 'CASC_STRICT_SECRET_RESOLUTION', value: 'true' },
        ],
        ports: [
          { name: 'http', containerPort: services.httpPort, protocol: 'TCP' },
          ...(services.agentListenerPort ? [{ name: 'agent', containerPort: services.agentListenerPort, protocol: 'TCP' }] : []),
        ],
        resources: props.resources,
        // Plugin loading and upgrades can take minutes: liveness and readiness only start once this passed.
        startupProbe: probe(Math.ceil(props.startupProbeSeconds / PROBE_PERIOD_SECONDS)),
        livenessProbe: probe(5),
        readinessProbe: probe(3),
        volumeMounts: [
          { name: volume.home, mountPath: JENKINS_HOME },
          // Empty at every start, so jenkins.sh installs exactly the reference plugins (the pins, or the baked image's):
          // a lowered or removed pin, or a plugin installed or upgraded in the UI, is gone after a restart instead of
          // lingering on the home volume, where jenkins.sh never replaces a newer copy nor deletes anything.
          { name: volume.installedPlugins, mountPath: `${JENKINS_HOME}/plugins` },
          { name: volume.config, mountPath: CONFIG_DIR, readOnly: true },
          // A directory mount (never subPath), so a rotated Secret reaches the pod.
          { name: volume.secrets, mountPath: SECRETS_DIR, readOnly: true },
          { name: volume.tmp, mountPath: TMP_DIR },
          { name: volume.warCache, mountPath: WAR_CACHE_DIR },
          // A baked image keeps its own reference plugins: only mount over them when the init container provides them.
          ...(installPlugins ? [{ name: volume.plugins, mountPath: REFERENCE_PLUGIN_DIR }] : []),
        ],
      }],
      // Scratch emptyDirs without a size limit: the plugin sets and the unpacked WAR vary with the pins
      // and the image, and an eviction would take the only controller down.
      volumes: [
        { name: volume.config, configMap: { name: this.configMap.name } },
        { name: volume.secrets, secret: { secretName: props.secrets.name, defaultMode: 0o440 } },
        { name: volume.tmp, emptyDir: {} },
        { name: volume.warCache, emptyDir: {} },
        { name: volume.installedPlugins, emptyDir: {} },
        ...(installPlugins ? [{ name: volume.plugins, emptyDir: {} }] : []),
      ],
    });

    this.statefulSet = new PersistentStatefulSet(this, 'statefulset', {
      metadata: { name, namespace: props.namespace },
      spec: {
        // Always one: two controllers on one JENKINS_HOME corrupt it.
        replicas: 1,
        serviceName: services.headless.name,
        selector: { matchLabels: pod.selector },
        template: pod.template,
      },
      // The home volume survives pod loss, scale-down and deletion of the StatefulSet.
      claims: [{ name: volume.home, storage: props.storage }],
    });
  }
}
