import { Testing } from 'cdk8s';
import { k8s } from '../../lib/core/k8s';
import { JenkinsController, JenkinsControllerProps } from '../../lib/ci/jenkins-controller';
import { JenkinsServices } from '../../lib/ci/jenkins-services';
import { mirrorEnv } from '../../lib/ci/plugin-cli-facts';
import { REFERENCE_PLUGIN_DIR } from '../../lib/ci/plugins';
import { JENKINS_PROPERTY } from '../../lib/ci/update-site';
import { CONFIG_HASH_ANNOTATION } from '../../lib/core/platform-keys';
import { DeclaredSecret } from '../../lib/secrets/declared-secret';
import { ENVIRONMENTS, environmentInput, find, KubeObject } from '../support/render';
import { renderCi, restrictedViolations, statefulSet } from './support';

type Overrides = Partial<Omit<JenkinsControllerProps, 'services' | 'serviceAccount' | 'secrets'>>;

const PINS = ['kubernetes:1.0', 'configuration-as-code:1.0'];
const MIRROR = 'https://mirror.example.test/jenkins';

/** A controller alone in a test chart, with the Services, account and Secret it is given. */
function build(overrides: Overrides = {}): KubeObject[] {
  const chart = Testing.chart();
  const services = new JenkinsServices(chart, 'services', { namespace: 'ci', identity: { name: 'jenkins', component: 'controller', partOf: 'ci' } });
  new JenkinsController(chart, 'controller', {
    namespace: 'ci',
    image: 'docker.io/jenkins/jenkins:2.555.3-lts-jdk21',
    resources: { cpu: '500m', memory: '2Gi' },
    heapPercent: 50,
    storage: { size: '8Gi' },
    startupProbeSeconds: 300,
    plugins: { install: 'initContainer', pins: PINS },
    jcasc: 'jenkins: {}\n',
    services,
    serviceAccount: new k8s.KubeServiceAccount(chart, 'sa', { metadata: { name: 'jenkins', namespace: 'ci' } }),
    secrets: DeclaredSecret.generated({ name: 'jenkins-admin', namespaces: ['ci'], keys: { 'admin-password': {} }, description: 'test' }),
    ...overrides,
  });
  return Testing.synth(chart) as KubeObject[];
}

const podOf = (objects: KubeObject[]) => statefulSet(objects).spec.template.spec;
const envOf = (c: any): Record<string, string> => Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));
const javaOpts = (objects: KubeObject[]) => envOf(podOf(objects).containers[0]).JAVA_OPTS.split(' ');
const hashOf = (objects: KubeObject[]) => statefulSet(objects).spec.template.metadata.annotations[CONFIG_HASH_ANNOTATION];

describe('JenkinsController defaults', () => {
  const objects = build();
  const sts = statefulSet(objects);
  const pod = podOf(objects);
  const [jenkins] = pod.containers;

  test('exactly one replica, governed by the headless Service, home on a retained PVC of the default class', () => {
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.serviceName).toBe('jenkins-headless');
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    const [claim] = sts.spec.volumeClaimTemplates;
    expect(claim.spec.resources.requests.storage).toBe('8Gi');
    expect(claim.spec.storageClassName).toBeUndefined();
    expect(jenkins.volumeMounts).toContainEqual({ name: claim.metadata.name, mountPath: '/var/jenkins_home' });
  });

  test('the pod comes from the building block: recommended labels, name + instance selector, the account token for the cloud', () => {
    expect(sts.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'jenkins', 'app.kubernetes.io/instance': 'jenkins' });
    expect(sts.spec.template.metadata.labels).toMatchObject({ ...sts.spec.selector.matchLabels, 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/part-of': 'ci' });
    expect(pod.serviceAccountName).toBe('jenkins');
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(pod.enableServiceLinks).toBe(false);
    for (const c of [...pod.initContainers, ...pod.containers]) expect(c.imagePullPolicy).toBe('IfNotPresent');
  });

  test('uid/gid 1000, fsGroup with OnRootMismatch, restricted and read-only root on every container', () => {
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
    for (const c of [...pod.initContainers, ...pod.containers]) {
      expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    }
    expect(restrictedViolations(pod)).toEqual([]);
  });

  test('writable paths are emptyDirs: /tmp, the WAR cache and both plugin directories', () => {
    const emptyDirs = new Set(pod.volumes.filter((v: any) => v.emptyDir).map((v: any) => v.name));
    const writable = jenkins.volumeMounts.filter((m: any) => emptyDirs.has(m.name)).map((m: any) => m.mountPath).sort();
    expect(writable).toEqual(['/tmp', REFERENCE_PLUGIN_DIR, '/var/jenkins_cache', '/var/jenkins_home/plugins']);
    expect(envOf(jenkins).JENKINS_OPTS).toBe('--httpPort=8080 --webroot=/var/jenkins_cache/war');
  });

  test('heap from the memory limit, no setup wizard, memory request = limit', () => {
    expect(javaOpts(objects).slice(0, 2)).toEqual(['-XX:MaxRAMPercentage=50', '-Djenkins.install.runSetupWizard=false']);
    expect(jenkins.resources.requests.memory).toBe(jenkins.resources.limits.memory);
  });

  test('startup probe on /login allows the configured budget; then liveness and readiness', () => {
    const { startupProbe, livenessProbe, readinessProbe } = jenkins;
    for (const probe of [startupProbe, livenessProbe, readinessProbe]) expect(probe.httpGet).toEqual({ path: '/login', port: 'http' });
    expect(startupProbe.periodSeconds * startupProbe.failureThreshold).toBe(300);
    expect(livenessProbe.failureThreshold).toBeGreaterThan(readinessProbe.failureThreshold);
  });

  test('without internet egress, Jenkins sends nothing to jenkins.io: no update-site checks, no usage statistics', () => {
    expect(javaOpts(objects)).toEqual(expect.arrayContaining([`-D${JENKINS_PROPERTY.updateCenterNever}=true`, `-D${JENKINS_PROPERTY.usageStatisticsDisabled}=true`]));
  });

  test('the JCasC file is read from the ConfigMap, the admin password from a directory-mounted Secret', () => {
    const env = envOf(jenkins);
    expect(find(objects, 'ConfigMap', 'jenkins-config', 'ci').data['jenkins.yaml']).toBe('jenkins: {}\n');
    expect(env.CASC_JENKINS_CONFIG).toBe('/var/jenkins_config/jenkins.yaml');
    const mount = jenkins.volumeMounts.find((m: any) => m.mountPath === env.SECRETS);
    expect(mount.subPath).toBeUndefined();
    expect(pod.volumes.find((v: any) => v.name === mount.name).secret.secretName).toBe('jenkins-admin');
  });

  test('the plugin init container writes only to mounted emptyDirs, from the pinned list', () => {
    const [installer] = pod.initContainers;
    expect(installer.command[0]).toBe('jenkins-plugin-cli');
    const emptyDirMounts = installer.volumeMounts.filter((m: any) => pod.volumes.find((v: any) => v.name === m.name).emptyDir && !m.readOnly);
    const underWritable = (path: string) => emptyDirMounts.some((m: any) => path === m.mountPath || path.startsWith(`${m.mountPath}/`));
    const args: string[] = installer.command;
    const downloadDir = args[args.indexOf('--plugin-download-directory') + 1];
    expect(underWritable(downloadDir)).toBe(true);
    expect(underWritable(envOf(installer).CACHE_DIR)).toBe(true);
    // The controller sees the downloaded plugins where jenkins.sh copies reference plugins from.
    const shared = installer.volumeMounts.find((m: any) => m.mountPath === downloadDir).name;
    expect(jenkins.volumeMounts).toContainEqual({ name: shared, mountPath: REFERENCE_PLUGIN_DIR });
    expect(args[args.indexOf('--plugin-file') + 1]).toBe('/var/jenkins_config/plugins.txt');
    // Dependencies at the versions the pins require, not whatever is newest on the day the pod restarts.
    expect(args[args.indexOf('--latest') + 1]).toBe('false');
    expect(find(objects, 'ConfigMap', 'jenkins-config', 'ci').data['plugins.txt']).toBe(`${PINS.join('\n')}\n`);
  });

  test('the pod template carries a hash of the configuration files: a JCasC or plugin change rolls the controller', () => {
    expect(hashOf(objects)).toMatch(/^[0-9a-f]{10}$/);
    expect(hashOf(build())).toBe(hashOf(objects));
    expect(hashOf(build({ jcasc: 'jenkins: { numExecutors: 0 }\n' }))).not.toBe(hashOf(objects));
    expect(hashOf(build({ plugins: { install: 'initContainer', pins: [...PINS, 'git:5.10.1'] } }))).not.toBe(hashOf(objects));
  });
});

describe('installed plugins', () => {
  // jenkins.sh copies a reference plugin only where JENKINS_HOME/plugins has no copy, or an older one (jenkins-support):
  // on the home volume, a plugin dropped from the pins, a lowered pin or a UI upgrade would outlive every restart.
  test.each(['initContainer', 'image'] as const)('%s: JENKINS_HOME/plugins is an emptyDir, so each start installs exactly the reference plugins', install => {
    const pod = podOf(build({ plugins: install === 'image' ? { install } : { install, pins: PINS } }));
    const mount = pod.containers[0].volumeMounts.find((m: any) => m.mountPath === '/var/jenkins_home/plugins');
    expect(pod.volumes.find((v: any) => v.name === mount?.name)).toEqual({ name: 'installed-plugins', emptyDir: {} });
    // Nested in the home mount: the home volume (and its backup) no longer holds plugins.
    expect(pod.containers[0].volumeMounts).toContainEqual(expect.objectContaining({ mountPath: '/var/jenkins_home', name: 'jenkins-home' }));
  });
});

describe('JenkinsController overrides', () => {
  test('a baked-plugins image gets no init container, keeps its own reference plugins and has no plugins.txt', () => {
    const objects = build({ plugins: { install: 'image' } });
    const pod = podOf(objects);
    expect(pod.initContainers).toBeUndefined();
    expect(pod.containers[0].volumeMounts.map((m: any) => m.mountPath)).not.toContain(REFERENCE_PLUGIN_DIR);
    expect(pod.volumes.map((v: any) => v.name)).not.toContain('plugins');
    expect(find(objects, 'ConfigMap', 'jenkins-config', 'ci').data['plugins.txt']).toBeUndefined();
  });

  test('a mirror: the installer fetches every URL from it and it is the controller\'s update site', () => {
    const objects = build({ plugins: { install: 'initContainer', pins: PINS, mirror: MIRROR } });
    expect(envOf(podOf(objects).initContainers[0])).toMatchObject(mirrorEnv(MIRROR));
    expect(javaOpts(objects)).toContain(`-D${JENKINS_PROPERTY.updateCenterUrl}=${MIRROR}/`);
    expect(javaOpts(objects).filter(o => o.startsWith(`-D${JENKINS_PROPERTY.updateCenterNever}=`))).toEqual([]);
  });

  test('internet egress: Jenkins keeps its defaults', () => {
    const opts = javaOpts(build({ internetEgress: true }));
    expect(opts.filter(o => Object.values(JENKINS_PROPERTY).some(name => o.startsWith(`-D${name}=`)))).toEqual([]);
  });

  test('a path prefix reaches the probes and JENKINS_OPTS', () => {
    const [jenkins] = podOf(build({ pathPrefix: '/jenkins' })).containers;
    for (const probe of [jenkins.startupProbe, jenkins.livenessProbe, jenkins.readinessProbe]) expect(probe.httpGet.path).toBe('/jenkins/login');
    expect(envOf(jenkins).JENKINS_OPTS).toBe('--httpPort=8080 --webroot=/var/jenkins_cache/war --prefix=/jenkins');
  });

  test('heap share, startup budget and StorageClass', () => {
    const objects = build({ heapPercent: 70, startupProbeSeconds: 600, storage: { size: '20Gi', storageClassName: 'fast' } });
    expect(javaOpts(objects)[0]).toBe('-XX:MaxRAMPercentage=70');
    const { startupProbe } = podOf(objects).containers[0];
    expect(startupProbe.periodSeconds * startupProbe.failureThreshold).toBe(600);
    expect(statefulSet(objects).spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: 'fast', resources: { requests: { storage: '20Gi' } } });
  });
});

describe.each(ENVIRONMENTS)('%s: the rendered controller', env => {
  const { config, objects } = renderCi(environmentInput(env));
  const pod = podOf(objects);

  test('restricted admits it, and it runs the configured image with the configured budgets', () => {
    expect(restrictedViolations(pod)).toEqual([]);
    expect(pod.containers[0].image).toBe(config.ci.controller.image);
    const { startupProbe } = pod.containers[0];
    expect(startupProbe.periodSeconds * startupProbe.failureThreshold).toBeGreaterThanOrEqual(config.ci.controller.startupProbeSeconds);
    expect(statefulSet(objects).spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe(config.ci.controller.storage.size);
  });

  test('its update-site settings follow the environment\'s egress', () => {
    const opts = javaOpts(objects);
    const mirror = config.ci.plugins.install === 'initContainer' ? config.ci.plugins.mirror?.url : undefined;
    expect(opts.includes(`-D${JENKINS_PROPERTY.usageStatisticsDisabled}=true`)).toBe(!config.ci.egress.internet);
    if (mirror) expect(opts).toContain(`-D${JENKINS_PROPERTY.updateCenterUrl}=${mirror.replace(/\/+$/, '')}/`);
  });
});
