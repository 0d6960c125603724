import { Testing } from 'cdk8s';
import { Peer } from '../../lib/network/peer';
import { WEB_METRICS_LABEL, WebApp, WebAppOutboundFlow, WebAppProps, webAppsScrapeTarget } from '../../lib/web/web-app';
import { NGINX_EXPORTER_IMAGE, nginxExporterContainer } from '../../lib/web/nginx-exporter';
import { SCRAPE_JOBS } from '../../lib/monitoring/scrape-jobs';
import { ENVIRONMENTS, find, KubeObject, ofKind, render, renderEnvironment, nameOf } from '../support/render';
import { ConfigError } from '../../lib/config/validate';
import { schemaError } from '../support/kube-schema';
import { upstreamImage } from '../../lib/core/image';
import { CONFIG_HASH_ANNOTATION } from '../../lib/core/platform-keys';
import { appsInput, changedPaths, key, podTemplates } from './helpers';

const appsOf = (objects: readonly KubeObject[]) => objects.filter(o => o.metadata.namespace === 'apps');

function withHelloDelivery(delivery: object) {
  const input = appsInput(true);
  input.apps.web['hello-world'].delivery = delivery;
  return render(input);
}

describe.each(ENVIRONMENTS)('%s: apps', env => {
  const rendered = renderEnvironment(env);
  const apps = rendered.charts.find(c => c.name === 'apps')!.objects;

  test('every app of the config has a Service on port 80 targeting its container\'s named http port', () => {
    for (const name of Object.keys(rendered.config.apps.web)) {
      const service = find(apps, 'Service', name, 'apps');
      expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
      const container = find(apps, 'Deployment', name, 'apps').spec.template.spec.containers[0];
      expect(container.ports).toEqual([{ name: 'http', containerPort: expect.any(Number), protocol: 'TCP' }]);
    }
  });

  test('every HPA targets an existing Deployment that does not pin replicas', () => {
    for (const hpa of ofKind(apps, 'HorizontalPodAutoscaler')) {
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      const target = find(apps, hpa.spec.scaleTargetRef.kind, hpa.spec.scaleTargetRef.name, hpa.metadata.namespace);
      expect(target.kind).toBe('Deployment');
      expect(target.spec).not.toHaveProperty('replicas');
      expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(300);
    }
  });

  test('every PDB selector equals its Deployment selector and matches the pod labels', () => {
    for (const pdb of ofKind(apps, 'PodDisruptionBudget')) {
      const deployment = find(apps, 'Deployment', pdb.metadata.name, 'apps');
      expect(pdb.spec.selector).toEqual(deployment.spec.selector);
      expect(deployment.spec.template.metadata.labels).toMatchObject(pdb.spec.selector.matchLabels);
      expect(pdb.spec.maxUnavailable).toBe(1);
    }
  });

  test('every Deployment that can run more than one replica has a PDB', () => {
    for (const deployment of ofKind(apps, 'Deployment')) {
      const hpa = ofKind(apps, 'HorizontalPodAutoscaler').find(h => h.spec.scaleTargetRef.name === deployment.metadata.name);
      const max = hpa ? hpa.spec.maxReplicas : deployment.spec.replicas;
      const pdbs = ofKind(apps, 'PodDisruptionBudget').filter(p => p.metadata.name === deployment.metadata.name);
      expect({ deployment: deployment.metadata.name, pdb: pdbs.length }).toEqual({ deployment: deployment.metadata.name, pdb: max > 1 ? 1 : 0 });
    }
  });

  test('every Service selects the pods of exactly one Deployment', () => {
    for (const service of ofKind(apps, 'Service')) {
      const selected = ofKind(apps, 'Deployment').filter(d => Object.entries(service.spec.selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v));
      expect({ service: service.metadata.name, selected: selected.length }).toEqual({ service: service.metadata.name, selected: 1 });
    }
  });

  test('every container meets the restricted Pod Security Standard with a read-only root', () => {
    for (const { owner, template } of podTemplates(apps)) {
      const pod = template.spec;
      for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
        const sc = c.securityContext ?? {};
        const where = `${owner} ${c.name}`;
        expect({ where, nonRoot: sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot }).toEqual({ where, nonRoot: true });
        expect({ where, seccomp: (sc.seccompProfile ?? pod.securityContext?.seccompProfile)?.type }).toEqual({ where, seccomp: 'RuntimeDefault' });
        expect({ where, sc: { allowPrivilegeEscalation: sc.allowPrivilegeEscalation, drop: sc.capabilities?.drop, readOnlyRootFilesystem: sc.readOnlyRootFilesystem } })
          .toEqual({ where, sc: { allowPrivilegeEscalation: false, drop: ['ALL'], readOnlyRootFilesystem: true } });
      }
    }
  });

  test('images are pinned and resources set', () => {
    for (const d of ofKind(apps, 'Deployment')) {
      const c = d.spec.template.spec.containers[0];
      expect(c.image).toMatch(/:(?!latest$)[\w.-]+$/);
      expect(c.resources.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
      expect(c.resources.limits.memory).toBe(c.resources.requests.memory);
      expect(c.readinessProbe.httpGet.port).toBe('http');
      expect(d.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
      expect(d.spec.revisionHistoryLimit).toBeGreaterThan(0);
    }
  });

  test('snapshot', () => {
    expect(apps).toMatchSnapshot();
  });
});

describe.each(ENVIRONMENTS)('%s: scale and spread as the config says', env => {
  const { config, objects } = renderEnvironment(env);
  const apps = appsOf(objects);

  test.each(Object.entries(config.apps.web))('%s: an HPA with the configured bounds and metrics, or the fixed replica count', (name, app) => {
    const hpa = ofKind(apps, 'HorizontalPodAutoscaler').find(h => h.metadata.name === name);
    if (app.autoscaling) {
      expect(hpa!.spec).toMatchObject({ minReplicas: app.autoscaling.minReplicas, maxReplicas: app.autoscaling.maxReplicas });
      expect(hpa!.spec.metrics.map((m: any) => m.resource.name)).toEqual(app.autoscaling.targetMemoryUtilization ? ['cpu', 'memory'] : ['cpu']);
    } else {
      expect(hpa).toBeUndefined();
      expect(find(apps, 'Deployment', name, 'apps').spec.replicas).toBe(app.replicas);
    }
  });

  test('pods spread over nodes (required) and zones (preferred) by their own selector when highly available, not otherwise', () => {
    for (const d of ofKind(apps, 'Deployment')) {
      const spread = d.spec.template.spec.topologySpreadConstraints;
      if (!config.highlyAvailable) {
        expect(spread).toBeUndefined();
        continue;
      }
      expect(spread).toEqual([
        expect.objectContaining({ topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: d.spec.selector }),
        expect.objectContaining({ topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: d.spec.selector }),
      ]);
    }
  });
});

describe('config hash', () => {
  const hashOf = (objects: readonly KubeObject[], name: string) => find(objects, 'Deployment', name, 'apps').spec.template.metadata.annotations[CONFIG_HASH_ANNOTATION];

  test('a change to the generated nginx.conf changes the pod template, and only that app', () => {
    const input = appsInput(true);
    input.cluster.podCidrs = ['198.18.0.0/15']; // a range no environment uses (RFC 2544 benchmarking)
    const before = render(appsInput(true)).objects;
    const after = render(input).objects;
    expect(find(after, 'ConfigMap', 'web-server-config', 'apps').data['nginx.conf']).toContain('set_real_ip_from 198.18.0.0/15;');
    expect(hashOf(after, 'web-server')).not.toBe(hashOf(before, 'web-server'));
    expect(hashOf(after, 'hello-world')).toBe(hashOf(before, 'hello-world'));
  });

  test('hello-world reads its port from its ConfigMap', () => {
    const apps = appsOf(render(appsInput(true)).objects);
    const container = find(apps, 'Deployment', 'hello-world').spec.template.spec.containers[0];
    expect(container.env).toEqual([{ name: 'PORT', valueFrom: { configMapKeyRef: { name: 'hello-world-config', key: 'PORT' } } }]);
    expect(find(apps, 'ConfigMap', 'hello-world-config').data).toEqual({ PORT: '8080' });
  });
});

describe('canary delivery', () => {
  const canary = { mode: 'canary', image: 'gcr.io/google-samples/hello-app:1.0', canaryImage: 'gcr.io/google-samples/hello-app:2.0', weight: 10, canaryReplicas: 2 };
  const { objects, config } = withHelloDelivery(canary);
  // The render pulls through the environment's mirror, if any: compare the upstream references.
  const upstream = (image: string) => upstreamImage(image, config.images.registry);

  test('runs a stable and a canary Deployment, each behind its own Service', () => {
    const stable = find(objects, 'Deployment', 'hello-world', 'apps');
    const candidate = find(objects, 'Deployment', 'hello-world-canary', 'apps');
    expect(upstream(stable.spec.template.spec.containers[0].image)).toBe(canary.image);
    expect(upstream(candidate.spec.template.spec.containers[0].image)).toBe(canary.canaryImage);
    expect(find(objects, 'Service', 'hello-world', 'apps').spec.selector).toEqual(stable.spec.selector.matchLabels);
    expect(find(objects, 'Service', 'hello-world-canary', 'apps').spec.selector).toEqual(candidate.spec.selector.matchLabels);
    expect(stable.spec.selector.matchLabels['platform.internal/track']).toBe('stable');
    expect(candidate.spec.selector.matchLabels['platform.internal/track']).toBe('canary');
  });

  test('the HPA scales the stable Deployment only; the canary has fixed replicas and its own PDB', () => {
    expect(ofKind(objects, 'HorizontalPodAutoscaler').filter(h => h.metadata.name.startsWith('hello-world')).map(h => h.spec.scaleTargetRef.name)).toEqual(['hello-world']);
    expect(find(objects, 'Deployment', 'hello-world-canary', 'apps').spec.replicas).toBe(2);
    expect(find(objects, 'PodDisruptionBudget', 'hello-world-canary', 'apps').spec.selector).toEqual(find(objects, 'Deployment', 'hello-world-canary', 'apps').spec.selector);
  });

  test('a canary Ingress with the weight shares host and path with the main Ingress and carries no TLS', () => {
    const main = find(objects, 'Ingress', 'hello-world', 'apps');
    const ingress = find(objects, 'Ingress', 'hello-world-canary', 'apps');
    expect(ingress.metadata.annotations).toEqual({
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-weight': '10',
      'nginx.ingress.kubernetes.io/canary-weight-total': '100',
    });
    const rule = (i: KubeObject) => ({ host: i.spec.rules[0].host, path: i.spec.rules[0].http.paths[0].path, className: i.spec.ingressClassName });
    expect(rule(ingress)).toEqual(rule(main));
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe('hello-world-canary');
    expect(ingress.spec.tls).toBeUndefined();
  });

  test('changing the weight changes only the canary annotation', () => {
    const heavier = withHelloDelivery({ ...canary, weight: 50 }).objects;
    expect(changedPaths(objects, heavier)).toEqual(['Ingress apps/hello-world-canary.metadata.annotations.nginx.ingress.kubernetes.io/canary-weight']);
  });

  test('leaving canary mode keeps the stable Deployment and its selector untouched', () => {
    const rolling = withHelloDelivery({ mode: 'rolling', image: canary.image }).objects;
    const changes = changedPaths(objects, rolling);
    expect(changes.every(c => c.includes('hello-world-canary'))).toBe(true);
    expect(find(rolling, 'Deployment', 'hello-world', 'apps')).toEqual(find(objects, 'Deployment', 'hello-world', 'apps'));
  });

  test('objects are valid 1.27', () => {
    expect(objects.map(o => ({ o: key(o), error: schemaError(o) })).filter(r => r.error)).toEqual([]);
  });
});

describe('blue-green delivery', () => {
  const blueGreen = (active: string) => ({ mode: 'blueGreen', active, images: { blue: 'gcr.io/google-samples/hello-app:1.0', green: 'gcr.io/google-samples/hello-app:2.0' } });
  const blue = withHelloDelivery(blueGreen('blue')).objects;
  const green = withHelloDelivery(blueGreen('green')).objects;

  test('runs both colours, each with its HPA and PDB, and no unsuffixed Deployment', () => {
    const deployments = ofKind(blue, 'Deployment').filter(d => d.metadata.name.startsWith('hello-world')).map(d => d.metadata.name);
    expect(deployments).toEqual(['hello-world-blue', 'hello-world-green']);
    for (const colour of ['blue', 'green']) {
      const d = find(blue, 'Deployment', `hello-world-${colour}`, 'apps');
      expect(d.spec.selector.matchLabels['platform.internal/colour']).toBe(colour);
      expect(d.spec).not.toHaveProperty('replicas');
      expect(find(blue, 'HorizontalPodAutoscaler', `hello-world-${colour}`, 'apps').spec.scaleTargetRef.name).toBe(d.metadata.name);
      expect(find(blue, 'PodDisruptionBudget', `hello-world-${colour}`, 'apps').spec.selector).toEqual(d.spec.selector);
    }
  });

  test('the Service selects the active colour, the preview Service the other', () => {
    expect(find(blue, 'Service', 'hello-world', 'apps').spec.selector).toEqual(find(blue, 'Deployment', 'hello-world-blue', 'apps').spec.selector.matchLabels);
    expect(find(blue, 'Service', 'hello-world-preview', 'apps').spec.selector).toEqual(find(blue, 'Deployment', 'hello-world-green', 'apps').spec.selector.matchLabels);
  });

  test('switching colour changes only the two Service selectors', () => {
    expect(changedPaths(blue, green)).toEqual([
      'Service apps/hello-world-preview.spec.selector.platform.internal/colour',
      'Service apps/hello-world.spec.selector.platform.internal/colour',
    ]);
  });

  test('objects are valid 1.27', () => {
    expect(blue.map(o => ({ o: key(o), error: schemaError(o) })).filter(r => r.error)).toEqual([]);
  });
});

describe('apps config', () => {
  test('a highly available environment rejects a single replica', () => {
    const input = appsInput(true);
    input.apps.web['web-server'].autoscaling.minReplicas = 1;
    expect(() => render(input)).toThrow(new RegExp(`${nameOf(input)}: apps\\.web\\.web-server\\.autoscaling: a highly available environment needs at least 2 replicas`));
  });

  test('replicas and autoscaling are exclusive', () => {
    const input = appsInput(false);
    input.apps.web['web-server'].replicas = 1;
    expect(() => render(input)).toThrow(ConfigError);
    expect(() => render(input)).toThrow(/apps\.web\.web-server\.replicas: expected exactly one of replicas \(fixed\) and autoscaling \(HPA\)/);
  });

  test('an unknown delivery mode and a latest image are rejected with the allowed shapes', () => {
    const input = appsInput(false);
    input.apps.web['web-server'].delivery = { mode: 'shadow', image: 'nginx:latest' };
    expect(() => render(input)).toThrow(/apps\.web\.web-server\.delivery\.mode: expected \{ mode: "rolling", image \}/);
  });

  test('extra flows from config become NetworkPolicies on both managed sides', () => {
    const input = appsInput(false);
    input.apps.web['web-server'].allowTo = [{ peer: { kind: 'app', name: 'hello-world' }, ports: [8080] }];
    const { objects } = render(input);
    const egress = find(objects, 'NetworkPolicy', 'web-server-to-hello-world-egress', 'apps');
    const ingress = find(objects, 'NetworkPolicy', 'web-server-to-hello-world-ingress', 'apps');
    expect(egress.spec.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'web-server', 'app.kubernetes.io/instance': 'web-server' });
    expect(egress.spec.egress[0].to[0].podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'hello-world', 'app.kubernetes.io/instance': 'hello-world' });
    expect(ingress.spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
  });

  test('autoscaling rejects minReplicas above maxReplicas', () => {
    const input = appsInput(true);
    input.apps.web['web-server'].autoscaling = { minReplicas: 4, maxReplicas: 3 };
    expect(() => render(input)).toThrow(/apps\.web\.web-server\.autoscaling\.maxReplicas: expected minReplicas <= maxReplicas/);
  });

  test('autoscaling and canary defaults come from the constructs: 70 % CPU, one canary replica', () => {
    const input = appsInput(true);
    input.apps.web['hello-world'].autoscaling = { minReplicas: 3, maxReplicas: 10 };
    input.apps.web['hello-world'].delivery = { mode: 'canary', image: 'gcr.io/google-samples/hello-app:1.0', canaryImage: 'gcr.io/google-samples/hello-app:2.0', weight: 10 };
    const { objects } = render(input);
    expect(find(objects, 'HorizontalPodAutoscaler', 'hello-world', 'apps').spec.metrics)
      .toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
    expect(find(objects, 'Deployment', 'hello-world-canary', 'apps').spec.replicas).toBe(1);
  });
});

describe('config flows', () => {
  const withFlows = (app: string, flows: { allowFrom?: object[]; allowTo?: object[] }, edit: (input: any) => void = () => {}) => {
    const input = appsInput(false);
    Object.assign(input.apps.web[app], flows);
    edit(input);
    return render(input).objects;
  };
  const policies = (objects: readonly KubeObject[], stem: string) => ofKind(objects, 'NetworkPolicy').filter(p => p.metadata.name.startsWith(`${stem}-`)).map(p => `${p.metadata.namespace}/${p.metadata.name}`).sort();

  test('allowFrom defaults to the app port and gives a tenant namespace its egress side', () => {
    const tenant = appsInput(false).tenants[0].name;
    const objects = withFlows('hello-world', { allowFrom: [{ peer: { kind: 'pods', name: 'reporter', namespace: tenant, podLabels: { app: 'reporter' } } }] });
    expect(policies(objects, 'reporter-to-hello-world')).toEqual(['apps/reporter-to-hello-world-ingress', `${tenant}/reporter-to-hello-world-egress`]);
    const ingress = find(objects, 'NetworkPolicy', 'reporter-to-hello-world-ingress', 'apps');
    expect(ingress.spec.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'hello-world', 'app.kubernetes.io/instance': 'hello-world' });
    expect(ingress.spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': tenant } }, podSelector: { matchLabels: { app: 'reporter' } } }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    }]);
    expect(ingress.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'hello-world', 'app.kubernetes.io/part-of': 'apps' });
  });

  test('pods in a namespace the environment does not render are foreign: only the app side gets a policy', () => {
    const objects = withFlows('web-server', { allowTo: [{ peer: { kind: 'pods', name: 'metrics', namespace: 'observability', podLabels: { app: 'prometheus' } }, ports: [9090] }] });
    expect(policies(objects, 'web-server-to-metrics')).toEqual(['apps/web-server-to-metrics-egress']);
    expect(find(objects, 'NetworkPolicy', 'web-server-to-metrics-egress', 'apps').spec.egress[0].to)
      .toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } }, podSelector: { matchLabels: { app: 'prometheus' } } }]);
  });

  test('a flow into the namespace of a disabled component is rejected', () => {
    // Stack namespace names are reserved: nothing else may run there, so such a flow can only be a mistake.
    const flow = { allowTo: [{ peer: { kind: 'pods', name: 'es', namespace: 'logging', podLabels: { app: 'elasticsearch' } }, ports: [9200] }] };
    expect(() => withFlows('web-server', flow, input => { input.logging.enabled = false; }))
      .toThrow(/apps\.web\.web-server\.allowTo\[0\]\.peer\.namespace: namespace "logging" belongs to logging, which this environment disables \(logging\.enabled: false\): enable it or remove the flow/);
    expect(policies(withFlows('web-server', flow), 'web-server-to-es')).toEqual(['apps/web-server-to-es-egress', 'logging/web-server-to-es-ingress']);
  });

  test('cidrs and the internet are egress-only ip blocks; the internet excludes the cluster networks', () => {
    const objects = withFlows('web-server', { allowTo: [
      { peer: { kind: 'cidrs', name: 'backup', cidrs: ['192.0.2.0/24'] }, ports: [443] },
      { peer: { kind: 'internet' }, ports: [443] },
    ] });
    expect(policies(objects, 'web-server-to-backup')).toEqual(['apps/web-server-to-backup-egress']);
    expect(find(objects, 'NetworkPolicy', 'web-server-to-backup-egress', 'apps').spec.egress)
      .toEqual([{ to: [{ ipBlock: { cidr: '192.0.2.0/24' } }], ports: [{ port: 443, protocol: 'TCP' }] }]);
    expect(find(objects, 'NetworkPolicy', 'web-server-to-internet-egress', 'apps').spec.egress[0].to)
      .toEqual([{ ipBlock: { cidr: '0.0.0.0/0', except: [...appsInput(false).cluster.podCidrs, ...appsInput(false).cluster.serviceCidrs] } }]);
  });

  test('an outbound flow needs at least one port', () => {
    const input = appsInput(false);
    input.apps.web['web-server'].allowTo = [{ peer: { kind: 'internet' }, ports: [] }];
    expect(() => render(input)).toThrow(/apps\.web\.web-server\.allowTo\[0\]\.ports: expected at least one port/);
  });
});

describe('WebApp flows', () => {
  const app = () => new WebApp(Testing.chart(), 'app', {
    name: 'web', namespace: 'apps', delivery: { mode: 'rolling', image: 'web:1.0' }, scaling: { replicas: 1 },
    resources: { cpu: '100m', memory: '64Mi' }, runAs: { user: 1000 }, port: 9000,
  });
  const partner = Peer.workload('partner', 'apps', { app: 'partner' });

  test('allowFrom opens the app port unless told otherwise; allowTo opens the given ports', () => {
    const web = app();
    expect(web.allowFrom({ peer: partner }).ingressPolicy!.toJson().spec.ingress[0].ports).toEqual([{ port: 9000, protocol: 'TCP' }]);
    expect(web.allowTo({ peer: partner, ports: [7000] }).egressPolicy!.toJson().spec.egress[0].ports).toEqual([{ port: 7000, protocol: 'TCP' }]);
  });

  test('an outbound flow must name at least one port (a flow without ports opens every port): checked by the compiler', () => {
    // @ts-expect-error ports are required
    const noPorts: WebAppOutboundFlow = { peer: partner };
    // @ts-expect-error an empty list is not a port list
    const emptyPorts: WebAppOutboundFlow = { peer: partner, ports: [] };
    expect([noPorts, emptyPorts]).toHaveLength(2);
  });

  test('flows added after construction carry the app labels', () => {
    const policy = app().allowFrom({ peer: partner }).ingressPolicy!.toJson();
    expect(policy.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/component': 'web', 'app.kubernetes.io/part-of': 'apps' });
  });
});

describe('WebApp metrics sidecar', () => {
  const sidecar = nginxExporterContainer({ image: 'docker.io/nginx/nginx-prometheus-exporter:1.5.1', resources: { cpu: '10m', memory: '32Mi' }, stubStatusUrl: 'http://127.0.0.1:8081/stub_status' });
  const build = (props: Partial<WebAppProps>) => {
    const web = new WebApp(Testing.chart(), 'app', {
      name: 'web', namespace: 'apps', delivery: { mode: 'canary', image: 'web:1.0', canaryImage: 'web:2.0', weight: 10 }, scaling: { replicas: 2 },
      resources: { cpu: '100m', memory: '64Mi' }, runAs: { user: 101 }, ...props,
    });
    return { web, templates: Testing.synth(web.node.scope as any).filter(o => o.kind === 'Deployment').map(d => d.spec.template) };
  };

  test('by default: the app container alone, no metrics label, no scrape target', () => {
    const { web, templates } = build({});
    expect(web.scrapeTarget).toBeUndefined();
    for (const t of templates) {
      expect(t.spec.containers.map((c: any) => c.name)).toEqual(['web']);
      expect(t.metadata.labels[WEB_METRICS_LABEL]).toBeUndefined();
    }
  });

  test('with metrics: the sidecar in every Deployment (canary too), the shared label, and one web-apps target on its port', () => {
    const { web, templates } = build({ metrics: { sidecar, port: NGINX_EXPORTER_IMAGE.port } });
    expect(templates).toHaveLength(2);
    for (const t of templates) {
      expect(t.spec.containers.map((c: any) => c.name)).toEqual(['web', 'nginx-exporter']);
      expect(t.metadata.labels[WEB_METRICS_LABEL]).toBe('true');
    }
    expect(web.scrapeTarget).toEqual(webAppsScrapeTarget('apps', NGINX_EXPORTER_IMAGE.port));
    expect(web.scrapeTarget).toMatchObject({ job: SCRAPE_JOBS.webApps, discovery: 'pods', peer: { namespace: 'apps', podLabels: { [WEB_METRICS_LABEL]: 'true' } } });
  });

  test('a metrics port the sidecar does not expose is an error', () => {
    expect(() => build({ metrics: { sidecar, port: 9999 } })).toThrow('WebApp web: metrics port 9999 is not a port of the sidecar nginx-exporter');
  });
});

describe.each(ENVIRONMENTS)('%s: nginx-static apps and their exporter', env => {
  const { objects, config } = renderEnvironment(env);
  test('every nginx-static app runs the pinned exporter exactly when monitoring is on; other apps never do', () => {
    for (const [name, app] of Object.entries(config.apps.web)) {
      for (const d of ofKind(appsOf(objects), 'Deployment').filter(d => d.metadata.labels?.['app.kubernetes.io/name'] === name)) {
        const exporter = d.spec.template.spec.containers.find((c: any) => c.name === 'nginx-exporter');
        const expected = app.preset === 'nginx-static' && config.monitoring.enabled;
        expect(exporter !== undefined).toBe(expected);
        if (exporter) expect(upstreamImage(exporter.image, config.images.registry)).toBe(upstreamImage(config.monitoring.nginxExporter.image, config.images.registry));
      }
    }
  });
});

test('monitoring off: no exporter sidecar in any app', () => {
  const input = appsInput(false);
  const objects = render({ ...input, monitoring: { ...input.monitoring, enabled: false } }).objects;
  const containers = ofKind(appsOf(objects), 'Deployment').flatMap(d => d.spec.template.spec.containers.map((c: any) => c.name));
  expect(containers).not.toContain('nginx-exporter');
  expect(containers.length).toBeGreaterThan(0);
});
