import { checkManifestSet } from '../../lib/policy/check';
import { PSS_RULES, podSecurity } from '../../lib/policy/rules/pod-security';
import { check, describeRules, find, namespace, platform, QuietCase, RuleCase, webPod } from './fixtures';

const W = 'spec.template.spec';
const C0 = `${W}.containers[0]`;
const SC0 = `${C0}.securityContext`;
const web = { kind: 'Deployment', name: 'web' };

/** Sets the level of `apps`, with the reason annotation a level below restricted needs. */
const setLevel = (objects: any[], level: string) => {
  objects[objects.indexOf(find(objects, 'Namespace', 'apps'))] = namespace('apps', level);
};
const REASON = 'metadata.annotations["platform.internal/pod-security-reason"]';
const webContainer = (objects: any[]) => webPod(objects).containers[0];

const cases: RuleCase[] = [
  { rule: PSS_RULES.namespaceLevel, title: 'namespace without enforce label', kind: 'Namespace', name: 'apps',
    path: 'metadata.labels["pod-security.kubernetes.io/enforce"]', breakIt: o => { find(o, 'Namespace', 'apps').metadata.labels = {}; } },
  { rule: PSS_RULES.namespaceLevel, title: 'unknown level', kind: 'Namespace', name: 'apps',
    path: 'metadata.labels["pod-security.kubernetes.io/enforce"]', breakIt: o => setLevel(o, 'strict') },
  { rule: PSS_RULES.namespaceReason, title: 'privileged namespace without a reason', kind: 'Namespace', name: 'agents', path: REASON,
    breakIt: o => { delete find(o, 'Namespace', 'agents').metadata.annotations; } },
  { rule: PSS_RULES.namespaceReason, title: 'baseline namespace with a blank reason', kind: 'Namespace', name: 'apps', path: REASON,
    breakIt: o => { setLevel(o, 'baseline'); find(o, 'Namespace', 'apps').metadata.annotations['platform.internal/pod-security-reason'] = ' '; } },
  { rule: PSS_RULES.hostProcess, title: 'container hostProcess', ...web, path: `${SC0}.windowsOptions.hostProcess`,
    breakIt: o => { webContainer(o).securityContext.windowsOptions = { hostProcess: true }; } },
  { rule: PSS_RULES.hostNamespaces, title: 'hostPID', ...web, path: `${W}.hostPID`, breakIt: o => { webPod(o).hostPID = true; } },
  { rule: PSS_RULES.privileged, title: 'privileged container', ...web, path: `${SC0}.privileged`,
    breakIt: o => { webContainer(o).securityContext.privileged = true; } },
  { rule: PSS_RULES.capabilities, title: 'SYS_ADMIN under baseline', ...web, path: `${SC0}.capabilities.add[0]`,
    breakIt: o => { setLevel(o, 'baseline'); webContainer(o).securityContext.capabilities.add = ['SYS_ADMIN']; } },
  { rule: PSS_RULES.hostPath, title: 'hostPath under baseline', ...web, path: `${W}.volumes[4].hostPath`,
    breakIt: o => { setLevel(o, 'baseline'); webPod(o).volumes.push({ name: 'h', hostPath: { path: '/' } }); } },
  { rule: PSS_RULES.hostPorts, title: 'hostPort', ...web, path: `${C0}.ports[0].hostPort`,
    breakIt: o => { webContainer(o).ports[0].hostPort = 8080; } },
  { rule: PSS_RULES.appArmor, title: 'unconfined AppArmor', ...web,
    path: 'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/web"]',
    breakIt: o => { find(o, 'Deployment', 'web').spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/web': 'unconfined' }; } },
  { rule: PSS_RULES.seLinux, title: 'spc_t type on the pod', ...web, path: `${W}.securityContext.seLinuxOptions.type`,
    breakIt: o => { webPod(o).securityContext.seLinuxOptions = { type: 'spc_t' }; } },
  { rule: PSS_RULES.seLinux, title: 'custom user on a container', ...web, path: `${SC0}.seLinuxOptions.user`,
    breakIt: o => { webContainer(o).securityContext.seLinuxOptions = { user: 'system_u' }; } },
  { rule: PSS_RULES.procMount, title: 'Unmasked procMount', ...web, path: `${SC0}.procMount`,
    breakIt: o => { webContainer(o).securityContext.procMount = 'Unmasked'; } },
  { rule: PSS_RULES.seccompBaseline, title: 'Unconfined under baseline', ...web, path: `${SC0}.seccompProfile.type`,
    breakIt: o => { setLevel(o, 'baseline'); webContainer(o).securityContext.seccompProfile = { type: 'Unconfined' }; } },
  { rule: PSS_RULES.sysctls, title: 'unsafe sysctl', ...web, path: `${W}.securityContext.sysctls[1].name`,
    breakIt: o => { webPod(o).securityContext.sysctls = [{ name: 'net.ipv4.ip_local_reserved_ports', value: '1' }, { name: 'kernel.msgmax', value: '1' }]; } },
  { rule: PSS_RULES.volumeTypes, title: 'hostPath under restricted', ...web, path: `${W}.volumes[4].hostPath`,
    breakIt: o => { webPod(o).volumes.push({ name: 'h', hostPath: { path: '/' } }); } },
  { rule: PSS_RULES.volumeTypes, title: 'nfs under restricted', ...web, path: `${W}.volumes[4].nfs`,
    breakIt: o => { webPod(o).volumes.push({ name: 'n', nfs: { server: 'x', path: '/' } }); } },
  { rule: PSS_RULES.privilegeEscalation, title: 'init container may escalate', ...web, path: `${W}.initContainers[0].securityContext.allowPrivilegeEscalation`,
    breakIt: o => { delete webPod(o).initContainers[0].securityContext.allowPrivilegeEscalation; } },
  { rule: PSS_RULES.privilegeEscalation, title: 'CronJob container', kind: 'CronJob', name: 'backup',
    path: 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
    breakIt: o => { find(o, 'CronJob', 'backup').spec.jobTemplate.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation = true; } },
  { rule: PSS_RULES.privilegeEscalation, title: 'ephemeral container of a Pod', kind: 'Pod', name: 'debug',
    path: 'spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation',
    breakIt: o => { o.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug', namespace: 'apps' }, spec: { ...webPod(o), ephemeralContainers: [{ name: 'dbg', image: 'busybox:1.36' }] } }); } },
  { rule: PSS_RULES.runAsNonRoot, title: 'neither pod nor container sets it', ...web, path: `${SC0}.runAsNonRoot`,
    breakIt: o => { delete webPod(o).securityContext.runAsNonRoot; } },
  { rule: PSS_RULES.runAsNonRoot, title: 'container sets false despite the pod', ...web, path: `${SC0}.runAsNonRoot`,
    breakIt: o => { webContainer(o).securityContext.runAsNonRoot = false; } },
  { rule: PSS_RULES.runAsUser, title: 'pod runAsUser 0', ...web, path: `${W}.securityContext.runAsUser`,
    breakIt: o => { webPod(o).securityContext.runAsUser = 0; } },
  { rule: PSS_RULES.seccompRestricted, title: 'container Unconfined despite the pod', ...web, path: `${SC0}.seccompProfile.type`,
    breakIt: o => { webContainer(o).securityContext.seccompProfile = { type: 'Unconfined' }; } },
  { rule: PSS_RULES.seccompRestricted, title: 'no profile anywhere', ...web, path: `${W}.initContainers[0].securityContext.seccompProfile.type`,
    breakIt: o => { delete webPod(o).securityContext.seccompProfile; } },
  { rule: PSS_RULES.dropAll, title: 'drops only NET_RAW', ...web, path: `${SC0}.capabilities.drop`,
    breakIt: o => { webContainer(o).securityContext.capabilities.drop = ['NET_RAW']; } },
  { rule: PSS_RULES.addOnlyNetBind, title: 'adds CHOWN (fine for baseline, not restricted)', ...web, path: `${SC0}.capabilities.add[1]`,
    breakIt: o => { webContainer(o).securityContext.capabilities.add = ['NET_BIND_SERVICE', 'CHOWN']; } },
];

const quiet: QuietCase[] = [
  { title: 'restricted container adds NET_BIND_SERVICE', change: o => { webContainer(o).securityContext.capabilities.add = ['NET_BIND_SERVICE']; } },
  { title: 'seccomp and runAsNonRoot set on every container instead of the pod', change: o => {
    webPod(o).securityContext = {};
    for (const c of [...webPod(o).containers, ...webPod(o).initContainers]) {
      Object.assign(c.securityContext, { runAsNonRoot: true, seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } });
    }
  } },
  { title: 'AppArmor runtime/default and localhost/*', change: o => {
    find(o, 'Deployment', 'web').spec.template.metadata.annotations = {
      'container.apparmor.security.beta.kubernetes.io/web': 'runtime/default',
      'container.apparmor.security.beta.kubernetes.io/migrate': 'localhost/k8s-web',
    };
  } },
  { title: 'safe sysctls (1.27 list), allowed SELinux type, procMount Default, hostPort 0', change: o => {
    webPod(o).securityContext.sysctls = [{ name: 'net.ipv4.ip_local_reserved_ports', value: '1' }, { name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }];
    webPod(o).securityContext.seLinuxOptions = { type: 'container_init_t', level: 's0:c1,c2' };
    webContainer(o).securityContext.procMount = 'Default';
    webContainer(o).ports[0].hostPort = 0;
  } },
  { title: 'baseline namespace needs no restricted hardening', change: o => {
    setLevel(o, 'baseline');
    webPod(o).securityContext = { seccompProfile: { type: 'RuntimeDefault' } };
    webContainer(o).securityContext = { capabilities: { add: ['CHOWN', 'SYS_CHROOT'] }, runAsUser: 0 };
  } },
  { title: 'Windows pod is exempt from the Linux-only restricted checks', change: o => {
    webPod(o).os = { name: 'windows' };
    delete webPod(o).securityContext.seccompProfile;
    for (const c of [...webPod(o).containers, ...webPod(o).initContainers]) c.securityContext = {};
  } },
];

describe('pod security (v1.27)', () => {
  describeRules(podSecurity, cases, quiet);

  test('privileged namespace allows hostNetwork, hostPath, privileged and root (the fixture DaemonSet)', () => {
    const objects = platform();
    expect(check(objects).filter(v => v.name === 'agent')).toEqual([]);
    find(objects, 'Namespace', 'agents').metadata.labels['pod-security.kubernetes.io/enforce'] = 'baseline';
    expect(check(objects).filter(v => v.name === 'agent').map(v => v.ruleId).sort())
      .toEqual(['PSS-BASELINE-HOST-NAMESPACES', 'PSS-BASELINE-HOST-PATH', 'PSS-BASELINE-PRIVILEGED']);
  });

  test('restricted replaces the baseline capability, seccomp and hostPath checks (one report per problem)', () => {
    const objects = platform();
    webContainer(objects).securityContext.capabilities.add = ['SYS_ADMIN'];
    webContainer(objects).securityContext.seccompProfile = { type: 'Unconfined' };
    webPod(objects).volumes.push({ name: 'h', hostPath: { path: '/' } });
    expect(check(objects).map(v => v.ruleId).sort())
      .toEqual(['PSS-RESTRICTED-CAPABILITIES-ADD', 'PSS-RESTRICTED-SECCOMP', 'PSS-RESTRICTED-VOLUME-TYPES']);
  });

  test('a namespace the output does not declare is held to restricted, as errors by default (synth)', () => {
    const objects = platform().filter(o => o.kind !== 'Namespace');
    delete webPod(objects).securityContext.runAsNonRoot;
    const violations = check(objects).filter(v => v.ruleId.startsWith('PSS-'));
    expect(violations.map(v => v.ruleId)).toContain('PSS-RESTRICTED-RUN-AS-NON-ROOT');
    expect(violations.map(v => v.ruleId)).toContain('PSS-BASELINE-PRIVILEGED'); // the agents DaemonSet lost its privileged namespace
    expect(new Set(violations.map(v => v.severity))).toEqual(new Set(['error']));
  });
});

describe('pod security of a namespace the input does not declare (level unknown)', () => {
  /** A docs-style nginx Deployment: no namespace, no Namespace object, no hardening. */
  const nginx = () => [{
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx' },
    spec: { selector: { matchLabels: { app: 'nginx' } }, template: { metadata: { labels: { app: 'nginx' } }, spec: {
      containers: [{ name: 'nginx', image: 'nginx:1.25.3', ports: [{ containerPort: 80, hostPort: 80 }] }],
    } } },
  }].map(object => ({ object }));
  const pss = (options: Parameters<typeof checkManifestSet>[1]) => {
    const outcome = checkManifestSet(nginx(), options);
    return { ...outcome, violations: outcome.violations.filter(v => v.ruleId.startsWith('PSS-')) };
  };

  test('not strict: checked against restricted, reported as warnings naming the assumption, and the namespace is listed', () => {
    const { violations, assumedLevelNamespaces } = pss({ strict: false });
    expect(assumedLevelNamespaces).toEqual(['default']);
    expect(violations.map(v => v.ruleId)).toEqual(expect.arrayContaining(['PSS-BASELINE-HOST-PORTS', 'PSS-RESTRICTED-RUN-AS-NON-ROOT']));
    for (const v of violations) {
      expect(v).toEqual(expect.objectContaining({ severity: 'warning', namespace: 'default', detail: expect.stringMatching(/namespace level unknown, assumed restricted$/) }));
    }
  });

  test('--assume-level baseline keeps only the baseline findings; privileged none', () => {
    expect(pss({ strict: false, assumeLevel: 'baseline' }).violations.map(v => v.ruleId)).toEqual(['PSS-BASELINE-HOST-PORTS']);
    expect(pss({ strict: false, assumeLevel: 'privileged' }).violations).toEqual([]);
  });

  test('a declared namespace is known: its findings stay errors even when not strict, and nothing is assumed', () => {
    const objects = platform();
    delete webPod(objects).securityContext.runAsNonRoot;
    const { violations, assumedLevelNamespaces } = checkManifestSet(objects.map(object => ({ object })), { strict: false, assumeLevel: 'privileged' });
    expect(assumedLevelNamespaces).toEqual([]);
    expect(violations).toHaveLength(2); // the web and the migrate container
    for (const v of violations) expect(v).toEqual(expect.objectContaining({ ruleId: 'PSS-RESTRICTED-RUN-AS-NON-ROOT', severity: 'error' }));
  });
});
