import { PROBE_EXEMPTION_PREFIX } from '../../lib/core/platform-keys';
import { WorkloadPodProps, workloadPod } from '../../lib/core/workload-pod';

const identity = { name: 'api', instance: 'api-blue', component: 'web', partOf: 'apps' };
const minimal: WorkloadPodProps = {
  identity,
  runAs: { user: 1000 },
  containers: [{ name: 'api', image: 'example/api:1.0', resources: { cpu: '100m', memory: '128Mi' } }],
};

describe('workloadPod', () => {
  test('defaults: recommended labels, name + instance selector, restricted contexts, no token, no service links', () => {
    const { template, selector } = workloadPod(minimal);
    expect(selector).toEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api-blue' });
    expect(template.metadata!.labels).toMatchObject({ ...selector, 'app.kubernetes.io/component': 'web', 'app.kubernetes.io/managed-by': 'cdk8s' });
    expect(template.metadata!.annotations).toBeUndefined();
    const spec = template.spec!;
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.enableServiceLinks).toBe(false);
    expect(spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    const container = spec.containers[0];
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(container.resources!.requests!.cpu!.value).toBe('100m');
    expect(container.resources!.limits!.memory!.value).toBe('128Mi');
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(spec.volumes).toBeUndefined();
  });

  test('host namespaces are off unless asked for; the host network keeps cluster DNS', () => {
    const quiet = workloadPod(minimal).template.spec!;
    expect([quiet.hostNetwork, quiet.hostPid, quiet.dnsPolicy]).toEqual([undefined, undefined, undefined]);
    const agent = workloadPod({ ...minimal, hostNetwork: true, hostPID: true }).template.spec!;
    expect([agent.hostNetwork, agent.hostPid, agent.dnsPolicy]).toEqual([true, true, 'ClusterFirstWithHostNet']);
  });

  test('a pod that names its ServiceAccount gets its token', () => {
    const spec = workloadPod({ ...minimal, serviceAccountName: 'reader' }).template.spec!;
    expect(spec.serviceAccountName).toBe('reader');
    expect(spec.automountServiceAccountToken).toBe(true);
  });

  test('scratch directories become size-limited emptyDirs mounted where the container writes, shared by name', () => {
    const spec = workloadPod({
      ...minimal,
      initContainers: [{ name: 'prepare', image: 'example/api:1.0', resources: { cpu: '10m', memory: '16Mi' }, scratch: [{ path: '/work/cache', sizeLimit: '1Gi' }] }],
      containers: [{ ...minimal.containers[0], scratch: [{ path: '/tmp', sizeLimit: '64Mi' }, { path: '/work/cache', sizeLimit: '1Gi' }] }],
    }).template.spec!;
    expect(spec.volumes!.map(v => [v.name, v.emptyDir!.sizeLimit!.value])).toEqual([['work-cache', '1Gi'], ['tmp', '64Mi']]);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }, { name: 'work-cache', mountPath: '/work/cache' }]);
    expect(spec.initContainers![0].volumeMounts).toEqual([{ name: 'work-cache', mountPath: '/work/cache' }]);
  });

  test('a probe exemption is recorded on the template for the guardrails', () => {
    const template = workloadPod({ ...minimal, containers: [{ ...minimal.containers[0], probeExemption: 'batch worker, no port' }] }).template;
    expect(template.metadata!.annotations).toEqual({ [`${PROBE_EXEMPTION_PREFIX}api`]: 'batch worker, no port' });
  });

  test('a root pod runs as 0 and keeps every other restriction', () => {
    const spec = workloadPod({ ...minimal, runAs: { rootReason: 'reads root-owned node logs' } }).template.spec!;
    expect(spec.securityContext).toEqual({ runAsNonRoot: false, runAsUser: 0, runAsGroup: 0, seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.containers[0].securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  });

  test('a container may bring its own security context (a privileged init step)', () => {
    const own = { privileged: true, runAsUser: 0, runAsNonRoot: false };
    const spec = workloadPod({ ...minimal, initContainers: [{ name: 'sysctl', image: 'busybox:1.36.1', resources: { cpu: '10m', memory: '8Mi' }, securityContext: own }] }).template.spec!;
    expect(spec.initContainers![0].securityContext).toEqual(own);
    expect(spec.containers[0].securityContext!.runAsNonRoot).toBe(true);
  });
});

describe('workloadPod: additions for pods created by a controller', () => {
  test('a named ServiceAccount without its token', () => {
    const spec = workloadPod({ ...minimal, serviceAccountName: 'builder', automountServiceAccountToken: false }).template.spec!;
    expect(spec.serviceAccountName).toBe('builder');
    expect(spec.automountServiceAccountToken).toBe(false);
  });

  test('a container working directory, absent unless given', () => {
    const spec = workloadPod({ ...minimal, containers: [{ ...minimal.containers[0], workingDir: '/work' }] }).template.spec!;
    expect(spec.containers[0].workingDir).toBe('/work');
    expect(workloadPod(minimal).template.spec!.containers[0].workingDir).toBeUndefined();
  });
});
