import { CONFIG_HASH_ANNOTATION } from '../../lib/core/platform-keys';
import { upstreamImage } from '../../lib/core/image';
import { REFERENCE_PLUGIN_DIR } from '../../lib/ci/plugins';
import { NAMESPACE } from '../../lib/platform/stack-namespaces';
import { environmentInput, find } from '../support/render';
import { renderCi, restrictedViolations, statefulSet, variant } from './support';

describe.each(['dev', 'prod'])('%s: Jenkins controller', env => {
  const { config, objects } = renderCi(environmentInput(env));
  const sts = statefulSet(objects);
  const pod = sts.spec.template.spec;
  const jenkins = pod.containers[0];
  const envOf = (c: any) => Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));

  test('exactly one replica, governed by the headless Service, home on a retained PVC', () => {
    expect(sts.spec.replicas).toBe(1);
    const headless = find(objects, 'Service', sts.spec.serviceName, NAMESPACE.ci);
    expect(headless.spec.clusterIP).toBe('None');
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    const [claim] = sts.spec.volumeClaimTemplates;
    expect(claim.spec.resources.requests.storage).toBe(config.ci.controller.storage.size);
    expect(claim.spec.storageClassName).toBe(config.ci.controller.storage.storageClassName);
    expect(jenkins.volumeMounts).toContainEqual({ name: claim.metadata.name, mountPath: '/var/jenkins_home' });
  });

  test('no HorizontalPodAutoscaler or PodDisruptionBudget for the singleton', () => {
    expect(objects.filter(o => ['HorizontalPodAutoscaler', 'PodDisruptionBudget'].includes(o.kind))).toEqual([]);
  });

  test('pinned image, heap from the memory limit, wizard off, memory request = limit', () => {
    expect(jenkins.image).toBe(config.ci.controller.image);
    expect(upstreamImage(jenkins.image, config.images.registry)).toMatch(/^docker\.io\/jenkins\/jenkins:[\d.]+-lts-jdk21$/);
    expect(envOf(jenkins).JAVA_OPTS.split(' ').slice(0, 2)).toEqual([`-XX:MaxRAMPercentage=${config.ci.controller.heapPercent}`, '-Djenkins.install.runSetupWizard=false']);
    expect(jenkins.resources.requests.memory).toBe(jenkins.resources.limits.memory);
  });

  test('uid/gid 1000, fsGroup with OnRootMismatch, restricted and read-only root on every container', () => {
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
    for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
      expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    }
    expect(restrictedViolations(pod)).toEqual([]);
  });

  test('writable paths are emptyDirs: /tmp, the WAR cache and the plugin directory', () => {
    const emptyDirs = new Set(pod.volumes.filter((v: any) => v.emptyDir).map((v: any) => v.name));
    const writable = jenkins.volumeMounts.filter((m: any) => emptyDirs.has(m.name)).map((m: any) => m.mountPath).sort();
    expect(writable).toEqual(['/tmp', '/usr/share/jenkins/ref/plugins', '/var/jenkins_cache']);
    expect(envOf(jenkins).JENKINS_OPTS).toContain('--webroot=/var/jenkins_cache/war');
  });

  test('startup probe on /login allows the configured budget; then liveness and readiness', () => {
    const { startupProbe, livenessProbe, readinessProbe } = jenkins;
    for (const probe of [startupProbe, livenessProbe, readinessProbe]) expect(probe.httpGet).toEqual({ path: '/login', port: 'http' });
    expect(startupProbe.periodSeconds * startupProbe.failureThreshold).toBeGreaterThanOrEqual(config.ci.controller.startupProbeSeconds);
    expect(startupProbe.periodSeconds * startupProbe.failureThreshold).toBeGreaterThanOrEqual(120);
    expect(livenessProbe.failureThreshold).toBeGreaterThan(readinessProbe.failureThreshold);
  });

  test('the plugin init container works on a read-only root: it writes only to mounted emptyDirs', () => {
    const [installer] = pod.initContainers;
    expect(installer.name).toBe('install-plugins');
    expect(installer.command[0]).toBe('jenkins-plugin-cli');
    expect(installer.securityContext.readOnlyRootFilesystem).toBe(true);
    const emptyDirMounts = installer.volumeMounts.filter((m: any) => pod.volumes.find((v: any) => v.name === m.name).emptyDir && !m.readOnly);
    const underWritable = (path: string) => emptyDirMounts.some((m: any) => path === m.mountPath || path.startsWith(`${m.mountPath}/`));
    const args: string[] = installer.command;
    const downloadDir = args[args.indexOf('--plugin-download-directory') + 1];
    expect(underWritable(downloadDir)).toBe(true);
    expect(underWritable(envOf(installer).CACHE_DIR)).toBe(true);
    // The controller sees the downloaded plugins where jenkins.sh copies reference plugins from.
    const shared = installer.volumeMounts.find((m: any) => m.mountPath === downloadDir).name;
    expect(jenkins.volumeMounts).toContainEqual({ name: shared, mountPath: REFERENCE_PLUGIN_DIR });
    // It reads the pinned list from the config ConfigMap.
    const pluginFile = args[args.indexOf('--plugin-file') + 1];
    expect(find(objects, 'ConfigMap', 'jenkins-config', NAMESPACE.ci).data['plugins.txt'].trim().split('\n'))
      .toEqual(config.ci.plugins.install === 'initContainer' ? config.ci.plugins.pins : []);
    expect(pluginFile).toBe('/var/jenkins_config/plugins.txt');
  });

  test('the pod template carries a hash of the configuration files', () => {
    expect(sts.spec.template.metadata.annotations[CONFIG_HASH_ANNOTATION]).toMatch(/^[0-9a-f]{10}$/);
  });
});

describe('Jenkins controller variants', () => {
  const hashOf = (input: any) => statefulSet(renderCi(input).objects).spec.template.metadata.annotations[CONFIG_HASH_ANNOTATION];

  test('a JCasC change (containerCap) or a plugin change rolls the controller', () => {
    const base = hashOf(environmentInput('dev'));
    expect(hashOf(variant('dev', ci => { ci.agents.containerCap = 1; }))).not.toBe(base);
    expect(hashOf(variant('dev', ci => { ci.plugins.pins[2] = 'git:5.8.1'; }))).not.toBe(base);
    expect(hashOf(environmentInput('dev'))).toBe(base);
  });

  test('a baked-plugins image gets no init container and keeps its own reference plugins', () => {
    const { objects } = renderCi(variant('prod', ci => { ci.plugins = { install: 'image' }; ci.controller.image = 'registry.example.com/ci/jenkins:2.555.3-lts-jdk21-1'; }));
    const pod = statefulSet(objects).spec.template.spec;
    expect(pod.initContainers).toBeUndefined();
    expect(pod.containers[0].volumeMounts.map((m: any) => m.mountPath)).not.toContain(REFERENCE_PLUGIN_DIR);
    expect(find(objects, 'ConfigMap', 'jenkins-config', NAMESPACE.ci).data['plugins.txt']).toBeUndefined();
  });

  test('a path prefix reaches the probes and JENKINS_OPTS', () => {
    const { objects } = renderCi(variant('dev', ci => { ci.controller.pathPrefix = '/jenkins'; }));
    const jenkins = statefulSet(objects).spec.template.spec.containers[0];
    expect(jenkins.startupProbe.httpGet.path).toBe('/jenkins/login');
    expect(jenkins.livenessProbe.httpGet.path).toBe('/jenkins/login');
    expect(jenkins.env).toContainEqual({ name: 'JENKINS_OPTS', value: '--httpPort=8080 --webroot=/var/jenkins_cache/war --prefix=/jenkins' });
  });

  test('the restricted checker fires on a non-compliant pod', () => {
    expect(restrictedViolations({ containers: [{ name: 'c', securityContext: { privileged: true } }], volumes: [{ name: 'h', hostPath: { path: '/' } }] }))
      .toEqual(expect.arrayContaining(['volume h: type not allowed', 'c: privileged', 'c: allowPrivilegeEscalation must be false', 'c: capabilities must drop ALL', 'c: runAsNonRoot must be true', 'c: seccompProfile must be RuntimeDefault or Localhost']));
  });
});
