import { parse } from 'yaml';
import { imageTag } from '../../lib/core/image';
import { DECLARED_SECRETS_KEY, DECLARED_SECRETS_LABEL, EXTERNAL_NAMESPACES_ANNOTATION } from '../../lib/core/platform-keys';
import { ALERTMANAGER_IMAGE } from '../../lib/monitoring/alertmanager';
import { GRAFANA_IMAGE } from '../../lib/monitoring/grafana';
import { KUBE_STATE_METRICS_IMAGE } from '../../lib/monitoring/kube-state-metrics';
import { NODE_EXPORTER_IMAGE } from '../../lib/monitoring/node-exporter';
import { PROMETHEUS_IMAGE } from '../../lib/monitoring/prometheus';
import { EXPORTER_METRICS } from '../../lib/monitoring/exporter-metrics';
import { NGINX_EXPORTER_IMAGE } from '../../lib/web/nginx-exporter';
import { SCRAPE_JOBS } from '../../lib/monitoring/scrape-jobs';
import { alertRuleFiles, alertRuleMetrics } from '../../lib/monitoring/rules';
import { CONDITIONAL_JOBS } from '../../lib/monitoring/conditional-jobs';
import { usesCertManager } from '../../lib/config/schema';
import { ENVIRONMENTS, environmentInput, find, KubeObject, ofKind, render, renderEnvironment } from '../support/render';
import { kubernetesSdProblems, promtoolCheckConfig, promtoolHasKubernetesSd, runOnFile } from './tools';

function monitoring(env: string): KubeObject[] {
  return renderEnvironment(env).charts.find(c => c.name === 'monitoring')!.objects;
}
const prometheusYml = (objects: KubeObject[]) => find(objects, 'ConfigMap', 'prometheus-config', 'monitoring').data['prometheus.yml'];
const alertmanagerYml = (objects: KubeObject[]) => find(objects, 'ConfigMap', 'alertmanager-config', 'monitoring').data['alertmanager.yml'];

/** Whether a rendered policy peer selects the namespace and labels (or contains the CIDRs) of a discovered target. */
function coversPeer(policyPeer: any, target: { namespace?: string; labels?: Record<string, string>; cidrs?: string[] }): boolean {
  if (target.cidrs) return target.cidrs.includes(policyPeer.ipBlock?.cidr);
  const ns = policyPeer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] ?? 'monitoring';
  const labels = policyPeer.podSelector?.matchLabels ?? {};
  return ns === target.namespace && Object.entries(labels).every(([k, v]) => target.labels?.[k] === v);
}

/** Scrape jobs whose discovered targets no egress policy of Prometheus allows, read from the rendered objects alone. */
function unreachableJobs(objects: KubeObject[], config: ReturnType<typeof renderEnvironment>['config']): string[] {
  const prom = parse(prometheusYml(objects));
  const egress = ofKind(objects, 'NetworkPolicy').filter(p => p.metadata.namespace === 'monitoring' && p.spec.policyTypes.includes('Egress')
    && p.spec.podSelector.matchLabels?.['app.kubernetes.io/name'] === 'prometheus');
  return prom.scrape_configs.filter((job: any) => {
    const sd = job.kubernetes_sd_configs[0];
    const keepPort = job.relabel_configs.find((r: any) => r.action === 'keep' && r.source_labels[0] === '__meta_kubernetes_pod_container_port_number')?.regex;
    const nodePort = /:(\d+)$/.exec(job.relabel_configs.find((r: any) => r.target_label === '__address__')?.replacement ?? '')?.[1];
    const ports = keepPort ?? nodePort ? [Number(keepPort ?? nodePort)] : config.cluster.apiServer.ports;
    // node-exporter's pods are on the host network: their addresses are the nodes'.
    const target = sd.role === 'pod'
      ? (job.job_name === SCRAPE_JOBS.nodeExporter ? { cidrs: config.monitoring.nodeCidrs } : {
        namespace: sd.namespaces.names[0],
        labels: Object.fromEntries(sd.selectors[0].label.split(',').map((kv: string) => kv.split('='))),
      })
      : { cidrs: sd.role === 'node' ? config.monitoring.nodeCidrs : config.cluster.apiServer.cidrs };
    return !ports.every(port => egress.some(p => p.spec.egress.some((rule: any) => rule.ports.some((pp: any) => pp.port === port) && rule.to.some((to: any) => coversPeer(to, target)))));
  }).map((job: any) => job.job_name);
}

/** Whether the environment runs what a job of CONDITIONAL_JOBS scrapes (every other job: always). */
function runsComponentOf(job: string, config: ReturnType<typeof renderEnvironment>['config']): boolean {
  switch (job) {
    case SCRAPE_JOBS.fluentd: return config.logging.enabled;
    case SCRAPE_JOBS.webApps: return config.apps.enabled && Object.values(config.apps.web).some(app => app.preset === 'nginx-static');
    case SCRAPE_JOBS.certManager: return usesCertManager(config);
    default: return true;
  }
}

describe.each(ENVIRONMENTS)('%s: monitoring', env => {
  const objects = monitoring(env);
  const { config } = renderEnvironment(env);
  const prom = parse(prometheusYml(objects));

  test('the rendered prometheus.yml passes the real promtool', () => {
    const result = promtoolCheckConfig(prometheusYml(objects));
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
    if (!promtoolHasKubernetesSd()) expect(kubernetesSdProblems(prometheusYml(objects))).toEqual([]);
  });

  test('the rendered alertmanager.yml passes the real amtool', () => {
    const result = runOnFile('amtool', ['check-config'], 'alertmanager.yml', alertmanagerYml(objects));
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  test('every scrape job of the contract is scraped, or listed as not yet scraped with the reason, never both', () => {
    const jobs = prom.scrape_configs.map((s: any) => s.job_name).sort();
    const expected = Object.values(SCRAPE_JOBS).filter(j => runsComponentOf(j, config));
    expect(jobs).toEqual(expected.sort());
    for (const reason of Object.values(CONDITIONAL_JOBS)) expect(reason!.length).toBeGreaterThan(20);
    expect(Object.values(SCRAPE_JOBS).filter(j => !runsComponentOf(j, config) && !(j in CONDITIONAL_JOBS))).toEqual([]);
  });

  test('every pod or node a scrape job discovers is reachable through a rendered egress policy of Prometheus, on its port', () => {
    expect(unreachableJobs(objects, config)).toEqual([]);
    // The check sees a missing flow: without Prometheus' egress to kube-state-metrics, that job is reported.
    expect(unreachableJobs(objects.filter(o => o.metadata.name !== 'prometheus-to-kube-state-metrics-egress'), config)).toEqual([SCRAPE_JOBS.kubeStateMetrics]);
  });

  test('the alert rules are mounted, and every metric they read comes from a job this environment scrapes or one listed as not yet scraped', () => {
    expect(find(objects, 'ConfigMap', 'prometheus-rules', 'monitoring').data).toEqual(alertRuleFiles());
    const scraped = new Set(prom.scrape_configs.map((s: any) => s.job_name));
    const unserved = alertRuleMetrics().flatMap(r => r.metrics.filter(m => m.job && !scraped.has(m.job)).map(m => `${r.alert}: ${m.metric}{job="${m.job}"}`));
    // A conditional job's rules have nothing to watch where its component does not run.
    expect(unserved.filter(u => Object.values(SCRAPE_JOBS).every(j => runsComponentOf(j, config) || !u.includes(`job="${j}"`)))).toEqual([]);
  });

  test('Prometheus and Alertmanager: replicas from config; several replicas have a PDB; Alertmanager peers gossip through a declared flow', () => {
    const sts = find(objects, 'StatefulSet', 'prometheus', 'monitoring');
    expect(sts.spec.replicas).toBe(config.monitoring.prometheus.replicas);
    expect(sts.spec.template.spec.containers[0].args).toContain(`--storage.tsdb.retention.time=${config.monitoring.prometheus.retention.time}`);
    const am = find(objects, 'StatefulSet', 'alertmanager', 'monitoring');
    expect(am.spec.replicas).toBe(config.monitoring.alertmanager.replicas);
    const pdbs = ofKind(objects, 'PodDisruptionBudget').map(p => p.metadata.name);
    for (const w of [sts, am].filter(w => w.spec.replicas > 1)) expect(pdbs).toContain(w.metadata.name);
    const mesh = ofKind(objects, 'NetworkPolicy').filter(p => p.metadata.name.startsWith('alertmanager-mesh'));
    if (am.spec.replicas > 1) {
      expect(mesh.map(p => p.metadata.name).sort()).toEqual(['alertmanager-mesh-egress', 'alertmanager-mesh-ingress']);
      expect(find(objects, 'NetworkPolicy', 'alertmanager-mesh-ingress', 'monitoring').spec.ingress[0].ports)
        .toEqual([{ port: ALERTMANAGER_IMAGE.meshPort, protocol: 'TCP' }, { port: ALERTMANAGER_IMAGE.meshPort, protocol: 'UDP' }]);
    } else {
      expect(mesh).toEqual([]);
    }
  });

  test('highly available environments spread Prometheus replicas over nodes (required)', () => {
    const affinity = find(objects, 'StatefulSet', 'prometheus', 'monitoring').spec.template.spec.affinity.podAntiAffinity;
    expect(Object.keys(affinity)).toEqual([config.highlyAvailable ? 'requiredDuringSchedulingIgnoredDuringExecution' : 'preferredDuringSchedulingIgnoredDuringExecution']);
  });

  test('the pinned images are the tags their written-down facts were read at', () => {
    const m = config.monitoring;
    expect([m.prometheus.image, m.alertmanager.image, m.grafana.image, m.nodeExporter.image, m.kubeStateMetrics.image, m.nginxExporter.image].map(imageTag))
      .toEqual([PROMETHEUS_IMAGE.tag, ALERTMANAGER_IMAGE.tag, GRAFANA_IMAGE.tag, NODE_EXPORTER_IMAGE.tag, KUBE_STATE_METRICS_IMAGE.tag, NGINX_EXPORTER_IMAGE.tag]);
    // The metric names were read at the tag that runs.
    expect(`v${NGINX_EXPORTER_IMAGE.tag}`).toBe(EXPORTER_METRICS.webApps.sources[0].tag);
  });

  test('cert-manager is scraped where it issues certificates: its controller pods from cluster.certManager, egress only, naming its namespace', () => {
    const job = prom.scrape_configs.find((s: any) => s.job_name === SCRAPE_JOBS.certManager);
    const egress = objects.find(o => o.kind === 'NetworkPolicy' && o.metadata.name === 'prometheus-to-cert-manager-egress');
    if (!usesCertManager(config)) {
      expect([job, egress]).toEqual([undefined, undefined]);
      return;
    }
    const cm = config.cluster.certManager;
    expect(job.honor_labels).toBe(true);
    expect(job.kubernetes_sd_configs[0].namespaces.names).toEqual([cm.namespace]);
    expect(egress!.metadata.annotations).toEqual({ [EXTERNAL_NAMESPACES_ANNOTATION]: cm.namespace });
    expect(egress!.spec.egress[0]).toEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': cm.namespace } }, podSelector: { matchLabels: { ...cm.controllerPodLabels } } }],
      ports: [{ port: cm.metricsPort, protocol: 'TCP' }],
    });
    // Nothing is rendered in a namespace this platform does not manage.
    expect(renderEnvironment(env).objects.filter(o => o.metadata.namespace === cm.namespace)).toEqual([]);
  });

  test('Grafana is routed at grafana.<domain>', () => {
    const ingress = ofKind(renderEnvironment(env).objects, 'Ingress').find(i => i.metadata.namespace === 'monitoring')!;
    expect(ingress.spec.rules[0].host).toBe(`grafana.${config.domain}`);
  });
});

describe('cert-manager scrape target from the environment', () => {
  const input = environmentInput('dev') as any;
  const withCertManager = (certManager?: object) => parse(prometheusYml(render({
    ...input, cluster: { ...input.cluster, certManager }, ingress: { ...input.ingress, tls: { mode: 'certManager', clusterIssuer: 'letsencrypt' } },
  }).charts.find(c => c.name === 'monitoring')!.objects)).scrape_configs.find((s: any) => s.job_name === SCRAPE_JOBS.certManager);

  test('defaults to the official install: namespace cert-manager, the controller\'s labels, port 9402', () => {
    const job = withCertManager();
    expect(job.kubernetes_sd_configs[0]).toEqual({ role: 'pod', namespaces: { names: ['cert-manager'] }, selectors: [{ role: 'pod', label: 'app.kubernetes.io/name=cert-manager,app.kubernetes.io/instance=cert-manager,app.kubernetes.io/component=controller' }] });
    expect(job.relabel_configs[0]).toMatchObject({ regex: '9402', action: 'keep' });
  });

  test('each field can be overridden for another install', () => {
    const job = withCertManager({ namespace: 'security', controllerPodLabels: { app: 'cm' }, metricsPort: 9999 });
    expect(job.kubernetes_sd_configs[0]).toMatchObject({ namespaces: { names: ['security'] }, selectors: [{ role: 'pod', label: 'app=cm' }] });
    expect(job.relabel_configs[0]).toMatchObject({ regex: '9999' });
  });

  test('cert-manager is used by the Ingresses, or by Elasticsearch while the logging stack runs', () => {
    const uses = (ingress: string, es: string, logging = true) => usesCertManager({
      ingress: { tls: { mode: ingress } }, logging: { enabled: logging, elasticsearch: { tls: { mode: es } } },
    } as any);
    expect([uses('certManager', 'disabled'), uses('existingSecrets', 'certManager'), uses('existingSecrets', 'disabled'), uses('existingSecrets', 'certManager', false)])
      .toEqual([true, true, false, false]);
  });

  test('an invalid field is a config error naming its path', () => {
    expect(() => withCertManager({ metricsPort: 0 })).toThrow(/cluster\.certManager\.metricsPort/);
  });
});

describe('monitoring switch', () => {
  test('monitoring.enabled: false renders no monitoring chart and no monitoring namespaces', () => {
    const input = environmentInput('dev') as any;
    const rendered = render({ ...input, monitoring: { ...input.monitoring, enabled: false } });
    expect(rendered.charts.map(c => c.name)).not.toContain('monitoring');
    expect(ofKind(rendered.objects, 'Namespace').map(n => n.metadata.name).filter(n => n.startsWith('monitoring'))).toEqual([]);
  });

  test('without the logging stack: no Fluentd job, no logs data source', () => {
    const input = environmentInput('dev') as any;
    const objects = render({ ...input, logging: { ...input.logging, enabled: false } }).charts.find(c => c.name === 'monitoring')!.objects;
    expect(parse(prometheusYml(objects)).scrape_configs.map((s: any) => s.job_name)).not.toContain(SCRAPE_JOBS.fluentd);
    expect(parse(find(objects, 'ConfigMap', 'grafana-provisioning', 'monitoring').data['datasources.yaml']).datasources.map((d: any) => d.type)).toEqual(['prometheus']);
  });
});

describe('Alertmanager receivers from the environment', () => {
  const input = environmentInput('prod') as any;
  const objects = render({
    ...input,
    monitoring: {
      ...input.monitoring,
      alertmanager: {
        ...input.monitoring.alertmanager,
        receivers: [
          { name: 'oncall', slack: [{ channel: '#alerts' }] },
          { name: 'ops-mail', email: [{ to: 'ops@example.com', from: 'am@example.com', smarthost: 'smtp.example.com:587', authUsername: 'am' }] },
        ],
        defaultReceiver: 'ops-mail',
        routes: [{ receiver: 'oncall', matchers: [{ label: 'severity', value: 'critical' }] }],
        egress: [{ name: 'smtp-relay', cidrs: ['10.20.0.0/24'], ports: [587] }, { name: 'slack', cidrs: ['0.0.0.0/0'], ports: [443] }],
      },
    },
  }).charts.find(c => c.name === 'monitoring')!.objects;

  test('the config routes to the typed receivers, reads credentials from the mounted Secrets, and passes amtool', () => {
    const yml = alertmanagerYml(objects);
    const config = parse(yml);
    expect(config.route).toMatchObject({ receiver: 'ops-mail', routes: [{ receiver: 'oncall', matchers: ['severity="critical"'] }] });
    expect(config.receivers.map((r: any) => r.name)).toEqual(['oncall', 'ops-mail']);
    expect(config.receivers[0].slack_configs[0].api_url_file).toBe('/etc/alertmanager/secrets/alertmanager-oncall/slack-0-url');
    const mounts = find(objects, 'StatefulSet', 'alertmanager', 'monitoring').spec.template.spec.containers[0].volumeMounts;
    expect(mounts).toEqual(expect.arrayContaining([
      { name: 'alertmanager-oncall', mountPath: '/etc/alertmanager/secrets/alertmanager-oncall', readOnly: true },
      { name: 'alertmanager-ops-mail', mountPath: '/etc/alertmanager/secrets/alertmanager-ops-mail', readOnly: true },
    ]));
    const result = runOnFile('amtool', ['check-config'], 'alertmanager.yml', yml);
    expect(result.output).toContain('SUCCESS');
  });

  test('the credentials are declared external Secrets (never rendered), and each destination is a flow', () => {
    expect(objects.filter(o => o.kind === 'Secret')).toEqual([]);
    const declared = objects.find(o => o.kind === 'ConfigMap' && o.metadata.labels?.[DECLARED_SECRETS_LABEL] === 'true')!;
    const secrets = JSON.parse(declared.data[DECLARED_SECRETS_KEY]).secrets;
    expect(secrets.filter((s: any) => s.origin === 'external').map((s: any) => [s.name, s.keys])).toEqual([
      ['alertmanager-oncall', ['slack-0-url']], ['alertmanager-ops-mail', ['email-0-password']],
    ]);
    expect(find(objects, 'NetworkPolicy', 'alertmanager-to-smtp-relay-egress', 'monitoring').spec.egress[0])
      .toEqual({ to: [{ ipBlock: { cidr: '10.20.0.0/24' } }], ports: [{ port: 587, protocol: 'TCP' }] });
  });
});

describe('the real validators reject what is wrong', () => {
  test('promtool fails a config with a bad duration', () => {
    const result = promtoolCheckConfig('global:\n  scrape_interval: 30 seconds\n');
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/30 seconds/);
  });

  test('amtool fails a route to an undefined receiver', () => {
    const result = runOnFile('amtool', ['check-config'], 'alertmanager.yml', 'route:\n  receiver: nobody\nreceivers:\n  - name: default\n');
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/undefined receiver "nobody"/);
  });

  test('the Kubernetes SD check flags a selector role the SD role does not take', () => {
    expect(kubernetesSdProblems('scrape_configs:\n  - job_name: x\n    kubernetes_sd_configs:\n      - role: pod\n        selectors: [{ role: node, label: "a=b" }]\n'))
      .toEqual(['$.scrape_configs[0].kubernetes_sd_configs[0]: pod role does not take node selectors']);
    expect(kubernetesSdProblems('scrape_configs:\n  - job_name: x\n    kubernetes_sd_configs:\n      - role: pod\n        selectors: [{ role: pod, label: "a=b" }]\n')).toEqual([]);
  });
});
