/**
 * Pod Security Standards v1.27, as enforced by the pod-security admission controller
 * (k8s.io/pod-security-admission/policy). Each pod template is checked against the level of its
 * namespace's `pod-security.kubernetes.io/enforce` label; a namespace declared without a valid label is
 * held to `restricted` (fail closed), one the output does not declare to the assumed level (see levelOf).
 */
import { isPodSecurityLevel, POD_SECURITY_ENFORCE_LABEL, POD_SECURITY_VERSION, PodSecurityLevel } from '../../core/pod-security';
import { POD_SECURITY_REASON_ANNOTATION } from '../../core/platform-keys';
import { Inventory } from '../inventory';
import { at, field, item } from '../paths';
import { containersOf, ContainerRef, PodTemplate } from '../pod-templates';
import { Report } from '../types';
import { rule, RuleFamily } from './rule';

// Allowed values, verbatim from the 1.27 admission checks.
const BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const SAFE_SYSCTLS = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.ip_local_reserved_ports' /* 1.27 */]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const RESTRICTED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral',
  'persistentVolumeClaim', 'projected', 'secret']);
const RESTRICTED_SECCOMP = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

const LEVEL_HINT = 'or move the workload to a namespace whose pod-security level allows it';

export const PSS_RULES = {
  namespaceLevel: rule('PSS-NAMESPACE-LEVEL',
    `Namespace has no valid ${POD_SECURITY_ENFORCE_LABEL} label, so the cluster default applies instead of a chosen level`,
    `Label the Namespace ${POD_SECURITY_ENFORCE_LABEL} (and -audit/-warn, -version: ${POD_SECURITY_VERSION}) with privileged, baseline or restricted.`),
  namespaceReason: rule('PSS-NAMESPACE-REASON',
    `Namespace enforces a level below restricted without saying why (no ${POD_SECURITY_REASON_ANNOTATION} annotation)`,
    `Annotate the Namespace ${POD_SECURITY_REASON_ANNOTATION}: <which workload needs the weaker level and why>, or label it restricted.`),
  hostProcess: rule('PSS-BASELINE-HOST-PROCESS',
    'Windows HostProcess containers get privileged access to the node',
    `Remove securityContext.windowsOptions.hostProcess or set it to false, ${LEVEL_HINT}.`),
  hostNamespaces: rule('PSS-BASELINE-HOST-NAMESPACES',
    'Pod shares a host namespace (network, PID or IPC) and escapes isolation',
    `Remove hostNetwork/hostPID/hostIPC or set them to false, ${LEVEL_HINT}.`),
  privileged: rule('PSS-BASELINE-PRIVILEGED',
    'Privileged containers disable most security mechanisms',
    `Remove securityContext.privileged or set it to false, ${LEVEL_HINT}.`),
  capabilities: rule('PSS-BASELINE-CAPABILITIES',
    'Container adds a capability outside the baseline default set',
    `Only add AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT, ${LEVEL_HINT}.`),
  hostPath: rule('PSS-BASELINE-HOST-PATH',
    'hostPath volumes give access to the node file system',
    `Use a persistentVolumeClaim, emptyDir, configMap or secret volume instead, ${LEVEL_HINT}.`),
  hostPorts: rule('PSS-BASELINE-HOST-PORTS',
    'hostPort binds a port on the node and bypasses Services and NetworkPolicies',
    `Remove hostPort (expose the port through a Service), ${LEVEL_HINT}.`),
  appArmor: rule('PSS-BASELINE-APPARMOR',
    'AppArmor profile overridden with something other than runtime/default or localhost/*',
    `Set the annotation to runtime/default or localhost/<profile>, or remove it, ${LEVEL_HINT}.`),
  seLinux: rule('PSS-BASELINE-SELINUX',
    'SELinux options set a custom user/role or a type outside container_t, container_init_t, container_kvm_t',
    `Remove seLinuxOptions.user/role and use an allowed type (or none), ${LEVEL_HINT}.`),
  procMount: rule('PSS-BASELINE-PROC-MOUNT',
    'Unmasked /proc exposes host information',
    `Remove securityContext.procMount or set it to Default, ${LEVEL_HINT}.`),
  seccompBaseline: rule('PSS-BASELINE-SECCOMP',
    'Seccomp profile Unconfined turns off system call filtering',
    `Use seccompProfile.type RuntimeDefault or Localhost, ${LEVEL_HINT}.`),
  sysctls: rule('PSS-BASELINE-SYSCTLS',
    'Sysctl outside the safe set can affect the node or other pods',
    `Only set kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start, ${LEVEL_HINT}.`),
  volumeTypes: rule('PSS-RESTRICTED-VOLUME-TYPES',
    'Volume type not allowed by restricted (only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret)',
    `Use one of the allowed volume types (e.g. a persistentVolumeClaim), ${LEVEL_HINT}.`),
  privilegeEscalation: rule('PSS-RESTRICTED-PRIVILEGE-ESCALATION',
    'Container may gain more privileges than its parent process (allowPrivilegeEscalation is not false)',
    'Set securityContext.allowPrivilegeEscalation: false on the container.'),
  runAsNonRoot: rule('PSS-RESTRICTED-RUN-AS-NON-ROOT',
    'Container may run as root (runAsNonRoot is not true on the pod or the container)',
    'Set securityContext.runAsNonRoot: true on the pod (or on every container) and never false.'),
  runAsUser: rule('PSS-RESTRICTED-RUN-AS-USER',
    'runAsUser 0 runs the container as root',
    'Set securityContext.runAsUser to a non-zero UID (or leave it to the image and rely on runAsNonRoot).'),
  seccompRestricted: rule('PSS-RESTRICTED-SECCOMP',
    'Seccomp profile must be RuntimeDefault or Localhost, on the pod or on every container',
    'Set spec.securityContext.seccompProfile.type: RuntimeDefault on the pod; never Unconfined on a container.'),
  dropAll: rule('PSS-RESTRICTED-CAPABILITIES-DROP',
    'Container keeps the runtime default capabilities (capabilities.drop does not include ALL)',
    'Set securityContext.capabilities.drop: [ALL] on the container.'),
  addOnlyNetBind: rule('PSS-RESTRICTED-CAPABILITIES-ADD',
    'Container adds a capability other than NET_BIND_SERVICE',
    'Remove the capability from securityContext.capabilities.add (only NET_BIND_SERVICE is allowed).'),
};

/**
 * The enforced level of a namespace. A declared namespace without a valid label counts as restricted (fail closed);
 * one the input does not declare has an unknown level: `assumed`, checked against the level the options assume.
 */
export function levelOf(inv: Inventory, namespace: string): { level: PodSecurityLevel; assumed: boolean } {
  const ns = inv.namespaces.get(namespace);
  if (!ns) return { level: inv.assumeLevel, assumed: true };
  const label = ns.body.metadata?.labels?.[POD_SECURITY_ENFORCE_LABEL];
  return { level: isPodSecurityLevel(label) ? label : 'restricted', assumed: false };
}

export const podSecurity: RuleFamily = {
  rules: Object.values(PSS_RULES),
  check(inv, report) {
    for (const ns of inv.namespaces.values()) {
      const label = ns.body.metadata?.labels?.[POD_SECURITY_ENFORCE_LABEL];
      if (!isPodSecurityLevel(label)) {
        report(PSS_RULES.namespaceLevel, ns, field('metadata.labels', POD_SECURITY_ENFORCE_LABEL), label === undefined ? 'missing' : `"${label}"`);
      } else if (label !== 'restricted' && !String(ns.body.metadata?.annotations?.[POD_SECURITY_REASON_ANNOTATION] ?? '').trim()) {
        report(PSS_RULES.namespaceReason, ns, field('metadata.annotations', POD_SECURITY_REASON_ANNOTATION), `enforces ${label}`);
      }
    }
    // Under an assumed level the findings are warnings unless strict: the real level may well allow the pod.
    const warn: Report = (r, o, path, detail) => report(r, o, path, `${detail ?? ''}${detail ? '; ' : ''}namespace level unknown, assumed ${inv.assumeLevel}`, 'warning');
    for (const t of inv.templates) {
      const { level, assumed } = levelOf(inv, t.namespace);
      if (level === 'privileged') continue;
      const rep = assumed && !inv.strict ? warn : report;
      const containers = containersOf(t);
      checkBaseline(t, containers, level === 'restricted', rep);
      if (level === 'restricted') checkRestricted(t, containers, rep);
    }
  },
};

/**
 * Baseline checks. Under restricted, the admission controller replaces the baseline capability, seccomp and
 * hostPath checks with their stricter restricted versions; this does the same so each problem is reported once.
 */
function checkBaseline(t: PodTemplate, containers: ContainerRef[], restricted: boolean, report: Report): void {
  const o = t.owner;
  const podSc = t.spec.securityContext ?? {};
  const podScPath = `${t.specPath}.securityContext`;

  if (podSc.windowsOptions?.hostProcess === true) report(PSS_RULES.hostProcess, o, at(podScPath, 'windowsOptions.hostProcess'), 'pod');
  for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (t.spec[f] === true) report(PSS_RULES.hostNamespaces, o, at(t.specPath, f), `${f}: true`);
  }
  checkSeLinux(podSc.seLinuxOptions, podScPath, 'pod', t, report);
  if (!restricted && podSc.seccompProfile?.type === 'Unconfined') {
    report(PSS_RULES.seccompBaseline, o, at(podScPath, 'seccompProfile.type'), 'pod');
  }
  (podSc.sysctls ?? []).forEach((s: any, i: number) => {
    if (!SAFE_SYSCTLS.has(s?.name)) report(PSS_RULES.sysctls, o, `${item(`${podScPath}.sysctls`, i)}.name`, s?.name);
  });
  if (!restricted) {
    (t.spec.volumes ?? []).forEach((v: any, i: number) => {
      if (v?.hostPath) report(PSS_RULES.hostPath, o, `${item(`${t.specPath}.volumes`, i)}.hostPath`, `volume "${v.name}"`);
    });
  }
  for (const [k, v] of Object.entries<string>(t.metadata.annotations ?? {})) {
    if (k.startsWith(APPARMOR_PREFIX) && !(v === '' || v === 'runtime/default' || v.startsWith('localhost/'))) {
      report(PSS_RULES.appArmor, o, field(`${t.metadataPath}.annotations`, k), `"${v}"`);
    }
  }

  for (const { container: c, path } of containers) {
    const sc = c.securityContext ?? {};
    const scPath = `${path}.securityContext`;
    const who = `container "${c.name}"`;
    if (sc.windowsOptions?.hostProcess === true) report(PSS_RULES.hostProcess, o, at(scPath, 'windowsOptions.hostProcess'), who);
    if (sc.privileged === true) report(PSS_RULES.privileged, o, at(scPath, 'privileged'), who);
    if (!restricted) {
      (sc.capabilities?.add ?? []).forEach((cap: string, i: number) => {
        if (!BASELINE_CAPABILITIES.has(cap)) report(PSS_RULES.capabilities, o, item(`${scPath}.capabilities.add`, i), `${who} adds ${cap}`);
      });
      if (sc.seccompProfile?.type === 'Unconfined') report(PSS_RULES.seccompBaseline, o, at(scPath, 'seccompProfile.type'), who);
    }
    (c.ports ?? []).forEach((p: any, i: number) => {
      if (p?.hostPort) report(PSS_RULES.hostPorts, o, `${item(`${path}.ports`, i)}.hostPort`, `${who} hostPort ${p.hostPort}`);
    });
    checkSeLinux(sc.seLinuxOptions, scPath, who, t, report);
    if (sc.procMount !== undefined && sc.procMount !== 'Default') {
      report(PSS_RULES.procMount, o, at(scPath, 'procMount'), `${who} procMount ${sc.procMount}`);
    }
  }
}

function checkSeLinux(opts: any, scPath: string, who: string, t: PodTemplate, report: Report): void {
  if (!opts) return;
  const path = `${scPath}.seLinuxOptions`;
  if (!SELINUX_TYPES.has(opts.type ?? '')) report(PSS_RULES.seLinux, t.owner, `${path}.type`, `${who} type ${opts.type}`);
  if (opts.user) report(PSS_RULES.seLinux, t.owner, `${path}.user`, `${who} sets user`);
  if (opts.role) report(PSS_RULES.seLinux, t.owner, `${path}.role`, `${who} sets role`);
}

function checkRestricted(t: PodTemplate, containers: ContainerRef[], report: Report): void {
  const o = t.owner;
  const podSc = t.spec.securityContext ?? {};
  const podScPath = `${t.specPath}.securityContext`;
  // Since 1.25 the Linux-only checks do not apply to pods that declare a Windows OS.
  const linux = t.spec.os?.name !== 'windows';

  (t.spec.volumes ?? []).forEach((v: any, i: number) => {
    const type = Object.keys(v ?? {}).find(k => k !== 'name');
    // A volume without a source defaults to emptyDir.
    if (type && !RESTRICTED_VOLUME_TYPES.has(type)) {
      report(PSS_RULES.volumeTypes, o, `${item(`${t.specPath}.volumes`, i)}.${type}`, `volume "${v.name}" is ${type}`);
    }
  });

  if (podSc.runAsNonRoot === false) report(PSS_RULES.runAsNonRoot, o, at(podScPath, 'runAsNonRoot'), 'pod sets false');
  if (podSc.runAsUser === 0) report(PSS_RULES.runAsUser, o, at(podScPath, 'runAsUser'), 'pod');
  const podSeccomp = podSc.seccompProfile?.type;
  if (linux && podSeccomp !== undefined && !RESTRICTED_SECCOMP.has(podSeccomp)) {
    report(PSS_RULES.seccompRestricted, o, at(podScPath, 'seccompProfile.type'), `pod uses ${podSeccomp}`);
  }
  const podNonRoot = podSc.runAsNonRoot === true;
  const podSeccompOk = RESTRICTED_SECCOMP.has(podSeccomp);

  for (const { container: c, path } of containers) {
    const sc = c.securityContext ?? {};
    const scPath = `${path}.securityContext`;
    const who = `container "${c.name}"`;

    if (sc.runAsNonRoot === false) report(PSS_RULES.runAsNonRoot, o, at(scPath, 'runAsNonRoot'), `${who} sets false`);
    else if (sc.runAsNonRoot === undefined && !podNonRoot) report(PSS_RULES.runAsNonRoot, o, at(scPath, 'runAsNonRoot'), `${who} and the pod leave it unset`);
    if (sc.runAsUser === 0) report(PSS_RULES.runAsUser, o, at(scPath, 'runAsUser'), who);
    if (!linux) continue;

    if (sc.allowPrivilegeEscalation !== false) {
      report(PSS_RULES.privilegeEscalation, o, at(scPath, 'allowPrivilegeEscalation'), who);
    }
    const seccomp = sc.seccompProfile?.type;
    if (seccomp !== undefined && !RESTRICTED_SECCOMP.has(seccomp)) {
      report(PSS_RULES.seccompRestricted, o, at(scPath, 'seccompProfile.type'), `${who} uses ${seccomp}`);
    } else if (seccomp === undefined && !podSeccompOk) {
      report(PSS_RULES.seccompRestricted, o, at(scPath, 'seccompProfile.type'), `${who} and the pod leave it unset`);
    }
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) {
      report(PSS_RULES.dropAll, o, at(scPath, 'capabilities.drop'), who);
    }
    (sc.capabilities?.add ?? []).forEach((cap: string, i: number) => {
      if (cap !== 'NET_BIND_SERVICE') report(PSS_RULES.addOnlyNetBind, o, item(`${scPath}.capabilities.add`, i), `${who} adds ${cap}`);
    });
  }
}
