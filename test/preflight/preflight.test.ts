import { EnvironmentConfig, EnvironmentInput } from '../../lib/config/schema';
import { parseEnvironment } from '../../lib/config/validate';
import { runPreflightCli } from '../../lib/preflight/cli';
import { Finding, RenderedObject } from '../../lib/preflight/finding';
import { Kube } from '../../lib/preflight/kubectl';
import { exitCode, runChecks } from '../../lib/preflight/preflight';
import { renderObjects } from '../../lib/preflight/render';
import { environmentInput, nameOf } from '../support/render';
import { FORBIDDEN, Override, recorded, recordedCluster } from './cluster';

const CONTROLLER_PODS = 'get_pods_-n_ingress-nginx_-l_app.kubernetes.io%component=controller,app.kubernetes.io%name=ingress-nginx';
const ENDPOINT_SLICES = 'get_endpointslices.discovery.k8s.io_-n_default_-l_kubernetes.io%service-name=kubernetes';

/** Each environment is rendered once for the whole file. */
const renders = new Map<string, RenderedObject[]>();
const render = (config: EnvironmentConfig) => {
  if (!renders.has(config.name)) renders.set(config.name, renderObjects(config));
  return renders.get(config.name)!;
};

/** `npm run preflight -- <env>` against the recorded cluster with some responses replaced. */
function cli(env: string, overrides: Record<string, Override> = {}, extraArgs: string[] = []) {
  const cluster = recordedCluster(overrides);
  let out = '';
  let err = '';
  const code = runPreflightCli([env, ...extraArgs], { runner: cluster.runner, render, out: t => { out += t; }, err: t => { err += t; } });
  return { code, out, err, calls: cluster.calls };
}

/** The findings for an environment variant against the recorded cluster. */
function findings(input: EnvironmentInput, overrides: Record<string, Override> = {}): Finding[] {
  const config = parseEnvironment(input, nameOf(input));
  return runChecks({ config, objects: renderObjects(config), kube: new Kube(recordedCluster(overrides).runner) });
}

/** A recorded response with a change applied to a copy. */
function edited(key: string, edit: (value: any) => void): any {
  const value = recorded(key);
  edit(value);
  return value;
}

const notReady = (type: string) => (value: any) => { value.status.conditions = [{ type, status: 'False', message: 'failing' }]; };

describe('preflight against a cluster that has everything (prod)', () => {
  const run = cli('prod', {}, ['--context', 'prod-admin']);

  test('exits 0 and reports every prerequisite', () => {
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    for (const subject of [
      'Kubernetes 1.27', 'NetworkPolicy enforcement', 'CRD certificates.cert-manager.io (v1)', 'CRD clusterissuers.cert-manager.io (v1)',
      'ClusterIssuer letsencrypt-prod', 'HTTP-01 solver of ClusterIssuer letsencrypt-prod', 'ClusterIssuer platform-ca', 'default StorageClass',
      'namespace ingress-nginx', 'pods ingress-nginx/app.kubernetes.io/component=controller,app.kubernetes.io/name=ingress-nginx',
      'namespace kube-system', 'pods kube-system/k8s-app=kube-dns', 'NodeLocal DNSCache', 'namespace cert-manager',
      'pods cert-manager/app.kubernetes.io/component=controller,app.kubernetes.io/instance=cert-manager,app.kubernetes.io/name=cert-manager', 'IngressClass nginx', 'controller of IngressClass nginx',
      'APIService v1beta1.metrics.k8s.io', 'kubernetes Service endpoint IPs', 'kubernetes Service endpoint ports',
      '3 zones (topology.kubernetes.io/zone)', 'PriorityClass system-node-critical',
      'CRD schedules.velero.io (v1)', 'BackupStorageLocation velero/default', 'Velero node agent (DaemonSet velero/node-agent)',
    ]) expect(run.out).toMatch(new RegExp(`^ok +[a-z-]+ +${subject.replace(/[().]/g, '\\$&')} `, 'm'));
    expect(run.out).toContain('prod: 27 prerequisites: 26 ok, 0 missing, 0 unknown, 1 unverified');
  });

  test('vm.max_map_count in preconfigured mode is unverified, with the command to check each node', () => {
    expect(run.out).toMatch(/^UNVERIFIED +vm-max-map-count/m);
    for (const node of ['node-a', 'node-b', 'node-c']) expect(run.out).toContain(`kubectl debug node/${node} -it --image=docker.io/library/busybox:1.36.1 -- sysctl vm.max_map_count`);
    expect(run.out).toContain('config: prod: logging.elasticsearch.vmMaxMapCount');
  });

  test('only reads: every call is get or version, as JSON, in the given context', () => {
    expect(run.calls.length).toBeGreaterThan(10);
    for (const args of run.calls) {
      expect(['get', 'version']).toContain(args[0]);
      expect(args.slice(-4)).toEqual(['-o', 'json', '--context', 'prod-admin']);
    }
  });
});

const NODE_LOCAL_DNS_KEY = 'get_daemonsets.apps_-n_kube-system_-l_k8s-app=node-local-dns';

/** The NodeLocal DNSCache DaemonSet as the addon manifest deploys it, with its `node-cache` arguments. */
function nodeLocalDns(...args: string[]): object {
  return {
    apiVersion: 'v1', kind: 'List', items: [{
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'node-local-dns', namespace: 'kube-system', labels: { 'k8s-app': 'node-local-dns' } },
      spec: { template: { spec: { hostNetwork: true, containers: [{ name: 'node-cache', image: 'registry.k8s.io/dns/k8s-dns-node-cache:1.26.4', args: [...args, '-conf', '/etc/Corefile', '-upstreamsvc', 'kube-dns-upstream'] }] } } },
    }],
  };
}

describe('preflight: the ingress controller\'s request metrics', () => {
  const subject = "request metrics of IngressClass nginx's controller";
  const metricsOff = (...flags: string[]) => ({ [CONTROLLER_PODS]: edited(CONTROLLER_PODS, v => v.items.forEach((p: any) => p.spec.containers[0].args.push(...flags))) });

  test('off in any spelling Go reads as false is missing; on, or back on later in the arguments, is ok', () => {
    for (const flag of ['--enable-metrics=false', '--enable-metrics=0', '--enable-metrics=F']) {
      expect(findings(environmentInput('prod'), metricsOff(flag)).find(f => f.subject === subject)!.status).toBe('missing');
    }
    expect(findings(environmentInput('prod'), metricsOff('--enable-metrics=false', '--enable-metrics=true')).find(f => f.subject === subject)!.status).toBe('ok');
  });

  test('not asked for without monitoring', () => {
    const input = environmentInput('prod');
    input.monitoring!.enabled = false;
    expect(findings(input, metricsOff('--enable-metrics=false')).some(f => f.subject === subject)).toBe(false);
  });
});

describe('preflight: NetworkPolicy enforcement', () => {
  const daemonSets = (...names: string[]) => ({ apiVersion: 'v1', kind: 'List', items: names.map(name => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name } })) });
  const finding = (overrides: Record<string, Override>) => findings(environmentInput('prod'), overrides).find(f => f.check === 'network-policy')!;

  test('a known enforcing plugin is ok, named with its DaemonSet', () => {
    expect(finding({})).toMatchObject({ status: 'ok', detail: 'enforced by Calico (DaemonSet calico-system/calico-node)' });
    expect(finding({ 'get_daemonsets.apps_-n_calico-system': daemonSets(), 'get_daemonsets.apps_-n_kube-system': daemonSets('kube-proxy', 'cilium') }).detail)
      .toBe('enforced by Cilium (DaemonSet kube-system/cilium)');
  });

  test('under Cilium the ipBlock rules to the API server need policy-cidr-match-mode: nodes', () => {
    const cilium = { 'get_daemonsets.apps_-n_calico-system': daemonSets(), 'get_daemonsets.apps_-n_kube-system': daemonSets('kube-proxy', 'cilium') };
    const apiServer = (overrides: Record<string, Override>) => findings(environmentInput('prod'), { ...cilium, ...overrides }).find(f => f.subject === 'API server reachable by ipBlock under Cilium')!;
    const unset = apiServer({ 'get_configmaps_cilium-config_-n_kube-system': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cilium-config' }, data: { 'enable-policy': 'default' } } });
    expect(unset.status).toBe('missing');
    expect(unset.detail).toContain('policy-cidr-match-mode is unset in kube-system/cilium-config');
    expect(unset.fix).toContain('policyCIDRMatchMode: [nodes]');
    expect(unset.fields).toEqual(['cluster.apiServer.cidrs']);
    expect(apiServer({ 'get_configmaps_cilium-config_-n_kube-system': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cilium-config' }, data: { 'policy-cidr-match-mode': 'nodes' } } }).status).toBe('ok');
    // Calico matches node addresses by CIDR: no such finding.
    expect(findings(environmentInput('prod')).some(f => f.subject === 'API server reachable by ipBlock under Cilium')).toBe(false);
  });

  test('flannel alone, or no plugin this check knows: unverified (exit code unchanged), saying what to confirm', () => {
    const flannel = finding({ 'get_daemonsets.apps_-n_calico-system': daemonSets(), 'get_daemonsets.apps_-n_kube-flannel': daemonSets('kube-flannel-ds') });
    expect(flannel).toMatchObject({ status: 'unverified', detail: 'flannel (DaemonSet kube-flannel/kube-flannel-ds) does not enforce it, and no plugin that does was found' });
    expect(flannel.fix).toContain('confirm that the network plugin enforces NetworkPolicy');
    const unknown = finding({ 'get_daemonsets.apps_-n_calico-system': 'notFound' });
    expect(unknown).toMatchObject({ status: 'unverified', detail: 'no known enforcing plugin among the DaemonSets in kube-system, calico-system, kube-flannel' });
    expect(exitCode([unknown])).toBe(0);
  });
});

describe('preflight: NodeLocal DNSCache', () => {
  const withAddresses = (addresses: string[]) => {
    const input = environmentInput('prod');
    input.cluster!.dns!.nodeLocalAddresses = addresses;
    return input;
  };
  const finding = (input: EnvironmentInput, overrides: Record<string, Override>) => findings(input, overrides).find(f => f.check === 'node-local-dns')!;

  test('running, with an address the DNS rule lacks: missing, naming the addresses to set', () => {
    const f = finding(withAddresses(['169.254.20.10']), { [NODE_LOCAL_DNS_KEY]: nodeLocalDns('-localip=169.254.20.10,10.96.0.10') });
    expect(f.status).toBe('missing');
    expect(f.detail).toBe('answers on 169.254.20.10, 10.96.0.10; the DNS rule does not allow 10.96.0.10, so pods\' lookups are dropped');
    expect(f.fix).toBe("set cluster.dns.nodeLocalAddresses to ['169.254.20.10', '10.96.0.10']");
  });

  test('running, with every address allowed: ok', () => {
    expect(finding(withAddresses(['10.96.0.10', '169.254.20.10']), { [NODE_LOCAL_DNS_KEY]: nodeLocalDns('-localip', '169.254.20.10,10.96.0.10') }).status).toBe('ok');
  });

  test('running without a -localip argument: unverified; not running: ok, the extra addresses being harmless', () => {
    expect(finding(withAddresses([]), { [NODE_LOCAL_DNS_KEY]: nodeLocalDns() }).status).toBe('unverified');
    const idle = finding(withAddresses(['169.254.20.10']), {});
    expect(idle).toMatchObject({ status: 'ok', detail: 'not running; the DNS rule also allows 169.254.20.10, which is harmless' });
  });

  test('a forbidden read is unknown', () => {
    expect(finding(withAddresses([]), { [NODE_LOCAL_DNS_KEY]: FORBIDDEN('daemonsets.apps') }).status).toBe('unknown');
  });
});

/** cert-manager's controller pods, which Prometheus scrapes in prod (the official install's labels). */
const CERT_MANAGER_PODS = 'get_pods_-n_cert-manager_-l_app.kubernetes.io%component=controller,app.kubernetes.io%instance=cert-manager,app.kubernetes.io%name=cert-manager';

describe('preflight: each missing prerequisite fails and names the config field', () => {
  test.each<[string, Record<string, Override>, string, string]>([
    ['cert-manager CRDs', { 'get_customresourcedefinitions.apiextensions.k8s.io_certificates.cert-manager.io': 'notFound' }, 'CRD certificates.cert-manager.io', 'prod: logging.elasticsearch.tls.mode'],
    ['an ACME ClusterIssuer', { 'get_clusterissuers.cert-manager.io_letsencrypt-prod': 'notFound' }, 'ClusterIssuer letsencrypt-prod', 'prod: ingress.tls.clusterIssuer'],
    ['a Ready CA ClusterIssuer', { 'get_clusterissuers.cert-manager.io_platform-ca': edited('get_clusterissuers.cert-manager.io_platform-ca', notReady('Ready')) }, 'ClusterIssuer platform-ca', 'prod: logging.elasticsearch.tls.clusterIssuer'],
    ['a default StorageClass', { 'get_storageclasses.storage.k8s.io': edited('get_storageclasses.storage.k8s.io', v => v.items.forEach((c: any) => delete c.metadata.annotations)) }, 'default StorageClass', 'prod: logging.elasticsearch.storage.storageClassName, prod: ci.controller.storage.storageClassName'],
    ['the ingress controller namespace', { 'get_namespaces_ingress-nginx': 'notFound' }, 'namespace ingress-nginx', 'prod: ingress.controllerNamespace'],
    ['ingress controller pods with the selected labels', { [CONTROLLER_PODS]: { ...recorded(CONTROLLER_PODS), items: [] } }, 'pods ingress-nginx/', 'prod: ingress.controllerPodLabels'],
    ['cluster DNS pods with the selected labels', { 'get_pods_-n_kube-system_-l_k8s-app=kube-dns': { ...recorded('get_pods_-n_kube-system_-l_k8s-app=kube-dns'), items: [] } }, 'pods kube-system/k8s-app=kube-dns', 'prod: cluster.dns.podLabels'],
    ['cert-manager controller pods with the selected labels', { [CERT_MANAGER_PODS]: { ...recorded(CERT_MANAGER_PODS), items: [] } }, 'pods cert-manager/', 'prod: cluster.certManager.controllerPodLabels'],
    ['the cert-manager namespace', { 'get_namespaces_cert-manager': 'notFound' }, 'namespace cert-manager', 'prod: cluster.certManager.namespace'],
    ['an IngressClass nginx of another controller', { 'get_ingressclasses.networking.k8s.io_nginx': { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'example.com/other-controller' } } }, 'IngressClass nginx', 'prod: ingress.className'],
    ['a controller serving the class', { [CONTROLLER_PODS]: edited(CONTROLLER_PODS, v => v.items.forEach((p: any) => { p.spec.containers[0].args = p.spec.containers[0].args.map((a: string) => a.replace('--controller-class=k8s.io/ingress-nginx', '--controller-class=k8s.io/internal-nginx')); })) }, 'controller of IngressClass nginx', 'prod: ingress.controllerNamespace'],
    ['the metrics API', { 'get_apiservices.apiregistration.k8s.io_v1beta1.metrics.k8s.io': edited('get_apiservices.apiregistration.k8s.io_v1beta1.metrics.k8s.io', notReady('Available')) }, 'APIService v1beta1.metrics.k8s.io', 'prod: apps.web.web-server.autoscaling, prod: apps.web.hello-world.autoscaling'],
    ['API server IPs inside cluster.apiServer.cidrs', { [ENDPOINT_SLICES]: edited(ENDPOINT_SLICES, v => { v.items[0].endpoints[2].addresses = ['10.0.1.12']; }) }, 'kubernetes Service endpoint IPs', 'prod: cluster.apiServer.cidrs'],
    ['API server ports inside cluster.apiServer.ports', { [ENDPOINT_SLICES]: edited(ENDPOINT_SLICES, v => { v.items[0].ports[0].port = 8443; }) }, 'kubernetes Service endpoint ports', 'prod: cluster.apiServer.ports'],
    ['three zones', { get_nodes: edited('get_nodes', v => { v.items[2].metadata.labels['topology.kubernetes.io/zone'] = 'europe-west1-b'; }) }, '3 zones', 'prod: logging.elasticsearch.zoneSpread, prod: highlyAvailable'],
    ['the system-node-critical PriorityClass', { 'get_priorityclasses.scheduling.k8s.io_system-node-critical': 'notFound' }, 'PriorityClass system-node-critical', 'prod: logging.enabled'],
    ['a 1.27 server', { version: edited('version', v => { v.serverVersion = { ...v.serverVersion, minor: '26', gitVersion: 'v1.26.15' }; }) }, 'Kubernetes 1.27', 'upgrade the cluster to 1.27'],
    ['ingress controller request metrics (static manifests and Helm defaults switch them off)', { [CONTROLLER_PODS]: edited(CONTROLLER_PODS, v => v.items.forEach((p: any) => p.spec.containers[0].args.push('--enable-metrics=false'))) }, 'request metrics of IngressClass nginx', 'prod: monitoring.enabled'],
    ['an HTTP-01 solver the ingress controller serves', { 'get_clusterissuers.cert-manager.io_letsencrypt-prod': edited('get_clusterissuers.cert-manager.io_letsencrypt-prod', v => { v.spec.acme.solvers = [{ http01: { ingress: {} } }]; }) }, 'HTTP-01 solver of ClusterIssuer letsencrypt-prod', 'prod: ingress.className'],
    ['Velero\'s node agent, which backs up the Jenkins home', { 'get_daemonsets.apps_node-agent_-n_velero': 'notFound' }, 'Velero node agent (DaemonSet velero/node-agent)', 'prod: backup.velero.enabled'],
    ['a ready Velero node agent on every node', { 'get_daemonsets.apps_node-agent_-n_velero': edited('get_daemonsets.apps_node-agent_-n_velero', v => { v.status.numberReady = 2; }) }, 'Velero node agent (DaemonSet velero/node-agent)', 'prod: backup.velero.enabled'],
    ['NodeLocal DNSCache addresses in the DNS rule', { [NODE_LOCAL_DNS_KEY]: nodeLocalDns('-localip', '169.254.20.10,10.96.0.10') }, 'NodeLocal DNSCache', 'prod: cluster.dns.nodeLocalAddresses'],
  ])('%s', (_, overrides, subject, field) => {
    const run = cli('prod', overrides);
    expect(run.code).toBe(1);
    const block = run.out.slice(run.out.search(new RegExp(`^MISSING +[a-z-]+ +${subject.replace(/[().]/g, '\\$&')}`, 'm')));
    expect(block).toMatch(/^MISSING/);
    // The fix and config lines follow the finding's own line.
    expect(block.split('\n').slice(1, 3).join('\n')).toContain(field);
    expect(run.out).toMatch(/, [1-2] missing,/);
  });

  test('the controller-pods finding shows the labels the namespace\'s pods do carry', () => {
    const run = cli('prod', { [CONTROLLER_PODS]: { ...recorded(CONTROLLER_PODS), items: [] } });
    expect(run.out).toContain('pods there carry: app.kubernetes.io/component=controller,app.kubernetes.io/instance=ingress-nginx');
  });

  test('an endpoint outside the CIDRs is named with the /32 to add', () => {
    const run = cli('prod', { [ENDPOINT_SLICES]: edited(ENDPOINT_SLICES, v => { v.items[0].endpoints[2].addresses = ['10.0.1.12']; }) });
    expect(run.out).toContain('fix: add 10.0.1.12/32 (or the control plane\'s network) to cluster.apiServer.cidrs');
  });

  test('a StorageClass named in the config must exist', () => {
    const input = environmentInput('prod');
    (input.ci as any).controller.storage.storageClassName = 'fast-ssd';
    const storage = findings(input).filter(f => f.check === 'storage-class');
    expect(storage.map(f => [f.subject, f.status, f.fields])).toEqual([
      ['default StorageClass', 'ok', ['logging.elasticsearch.storage.storageClassName']],
      ['StorageClass fast-ssd', 'missing', ['ci.controller.storage.storageClassName']],
    ]);
    (input.ci as any).controller.storage.storageClassName = 'premium-rwo';
    expect(findings(input).find(f => f.subject === 'StorageClass premium-rwo')?.status).toBe('ok');
  });
});

describe('preflight: what cannot be read or confirmed is not "missing"', () => {
  test('a forbidden read is unknown, exits 3 and says to allow the read', () => {
    const run = cli('prod', { 'get_storageclasses.storage.k8s.io': FORBIDDEN('storageclasses.storage.k8s.io') });
    expect(run.code).toBe(3);
    expect(run.out).toMatch(/^UNKNOWN +storage-class +default StorageClass +Error from server \(Forbidden\)/m);
    expect(run.out).toContain('fix: allow this identity to get/list it');
  });

  test('EndpointSlices that cannot be read fall back to the Endpoints object', () => {
    const run = cli('prod', { [ENDPOINT_SLICES]: FORBIDDEN('endpointslices.discovery.k8s.io') });
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^ok +api-server +kubernetes Service endpoint IPs +10\.0\.0\.10, 10\.0\.0\.11, 10\.0\.0\.12 inside 10\.0\.0\.0\/24/m);
  });

  test('a newer server is unverified, not missing', () => {
    const run = cli('prod', { version: edited('version', v => { v.serverVersion = { ...v.serverVersion, minor: '29+', gitVersion: 'v1.29.4-gke.1043002' }; }) });
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^UNVERIFIED +server-version +Kubernetes 1\.27 +server is v1\.29\.4-gke\.1043002; the render is validated against 1\.27 only/m);
  });

  test('an unreachable cluster stops with exit 2 before any check', () => {
    const run = cli('prod', { version: { stderr: 'The connection to the server 10.0.0.10:6443 was refused - did you specify the right host or port?' } }, ['--context', 'gone']);
    expect(run.code).toBe(2);
    expect(run.err).toContain('cannot read the cluster (context gone): The connection to the server 10.0.0.10:6443 was refused');
    expect(run.calls).toHaveLength(1);
  });

  test('usage errors exit 2', () => {
    expect(cli('no-such-environment').code).toBe(2);
    expect(runPreflightCli([], { err: () => undefined })).toBe(2);
    expect(runPreflightCli(['prod', '--context'], { err: () => undefined })).toBe(2);
  });
});

describe('preflight derives its checks from the config and render', () => {
  const devCluster: Record<string, Override> = {
    [ENDPOINT_SLICES]: edited(ENDPOINT_SLICES, v => { v.items[0].endpoints = [{ addresses: ['172.18.0.2'], conditions: { ready: true } }]; }),
  };

  test('dev (no cert-manager, no HPA, no zone spread, mmap disabled) checks only what it renders', () => {
    const result = findings(environmentInput('dev'), devCluster);
    expect(exitCode(result)).toBe(0);
    expect([...new Set(result.map(f => f.check))]).toEqual(['server-version', 'storage-class', 'network-policy', 'selected-pods', 'node-local-dns', 'ingress-class', 'api-server', 'priority-class']);
  });

  test('the endpoints that satisfy prod are outside dev\'s cluster.apiServer.cidrs', () => {
    const result = findings(environmentInput('dev'));
    expect(result.find(f => f.subject === 'kubernetes Service endpoint IPs')).toMatchObject({ status: 'missing', detail: '10.0.0.10, 10.0.0.11, 10.0.0.12 outside 172.16.0.0/12, 192.168.0.0/16' });
  });

  test('zones needed follow the largest minimum replica count of a zone-spread workload', () => {
    const input = environmentInput('prod');
    (input.apps as any).web['hello-world'].autoscaling.minReplicas = 4;
    const zones = findings(input).find(f => f.check === 'zones');
    expect(zones).toMatchObject({ subject: '4 zones (topology.kubernetes.io/zone)', status: 'missing' });
    expect(zones?.detail).toContain('Deployment apps/hello-world runs 4 replicas');
  });

  test('with logging off, nothing of Elasticsearch or Fluentd is required', () => {
    const input = environmentInput('prod');
    (input.logging as any).enabled = false;
    const result = findings(input);
    // node-exporter (monitoring) also runs node-critical: only the logging-caused findings must be gone.
    expect(result.filter(f => ['priority-class', 'vm-max-map-count'].includes(f.check) && f.fields.some(field => field.startsWith('logging.')))).toEqual([]);
    expect(result.filter(f => f.check === 'issuer').map(f => f.subject)).toEqual(['ClusterIssuer letsencrypt-prod', 'HTTP-01 solver of ClusterIssuer letsencrypt-prod']);
    expect(result.find(f => f.check === 'zones')?.fields).toEqual(['highlyAvailable']);
  });

  test('a DNS-01 issuer needs no HTTP-01 solver; a solver that edits an existing Ingress or names the class by annotation serves', () => {
    const input = environmentInput('prod');
    (input.ingress as any).tls.challenge = 'dns01';
    expect(findings(input).some(f => f.subject.startsWith('HTTP-01 solver'))).toBe(false);
    for (const ingress of [{ name: 'web' }, { class: 'nginx' }]) {
      const overrides = { 'get_clusterissuers.cert-manager.io_letsencrypt-prod': edited('get_clusterissuers.cert-manager.io_letsencrypt-prod', v => { v.spec.acme.solvers = [{ http01: { ingress } }]; }) };
      expect(findings(environmentInput('prod'), overrides).find(f => f.subject.startsWith('HTTP-01 solver'))!.status).toBe('ok');
    }
  });

  test('an issuer the config renames is the one looked up', () => {
    const input = environmentInput('prod');
    (input.ingress as any).tls.clusterIssuer = 'letsencrypt-staging';
    const issuer = findings(input).find(f => f.subject === 'ClusterIssuer letsencrypt-staging');
    expect(issuer).toMatchObject({ status: 'missing', fields: ['ingress.tls.clusterIssuer'] });
    expect(issuer?.detail).toContain('Ingress apps/web-server');
  });
});

describe('Velero backups', () => {
  const BSL = 'get_backupstoragelocations.velero.io_default_-n_velero';
  const SCHEDULE_CRD = 'get_customresourcedefinitions.apiextensions.k8s.io_schedules.velero.io';
  const subject = 'BackupStorageLocation velero/default';

  test('a missing storage location is missing, naming the config field', () => {
    const result = findings(environmentInput('prod'), { [BSL]: 'notFound' });
    expect(result.find(f => f.subject === subject)).toMatchObject({ status: 'missing', fields: ['backup.velero.storageLocation'], detail: 'not found; used by Schedule velero/platform, Schedule velero/tenant-team-b' });
  });

  test('a location Velero cannot reach is missing', () => {
    const result = findings(environmentInput('prod'), { [BSL]: edited(BSL, v => { v.status = { phase: 'Unavailable', message: 'bucket not found' }; }) });
    expect(result.find(f => f.subject === subject)).toMatchObject({ status: 'missing', detail: 'phase Unavailable: bucket not found' });
  });

  test('without Velero CRDs the Schedule CRD is missing', () => {
    const result = findings(environmentInput('prod'), { [SCHEDULE_CRD]: 'notFound' });
    expect(result.find(f => f.subject === 'CRD schedules.velero.io (v1)')).toMatchObject({ status: 'missing' });
  });

  test('with Velero backups off nothing about Velero is checked', () => {
    const input = environmentInput('prod');
    input.backup = { ...input.backup!, velero: { enabled: false } };
    expect(findings(input).filter(f => /velero/i.test(f.subject))).toEqual([]);
  });
});
