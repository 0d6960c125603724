import { KubeObject } from '../../lib/core/kube-object';
import { analyzeTraffic, trafficFlows } from '../../lib/review/traffic-flows';
import { deployment, fixture, namespace } from './objects';

const ES = 'logging/StatefulSet/elasticsearch';
const KIBANA = 'logging/Deployment/kibana';
const FLUENTD = 'logging-agents/DaemonSet/fluentd';

function policy(ns: string, name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec };
}

describe('flows of the logging fixture', () => {
  const objects = fixture('traffic.k8s.yaml');
  const flows = trafficFlows(objects);
  const between = (from: string, to: string) => flows.filter((f) => f.from === from && f.to === to);

  test('a flow both sides allow appears, with named ports resolved against the destination', () => {
    expect(between(FLUENTD, ES)).toEqual([{ from: FLUENTD, to: ES, ports: ['9200/TCP'] }]);
    expect(between(KIBANA, ES)).toEqual([{ from: KIBANA, to: ES, ports: ['9200/TCP'] }]);
    expect(between(ES, ES)).toEqual([{ from: ES, to: ES, ports: ['9300/TCP'] }]);
  });

  test('a flow only the source allows does not appear', () => {
    // fluentd's egress allows 5601 to all of logging; kibana's ingress admits only the ingress controller.
    expect(between(FLUENTD, KIBANA)).toEqual([]);
  });

  test('DNS and API server egress are their own endpoints', () => {
    const model = analyzeTraffic(objects);
    expect(model.endpoints.filter((e) => e.kind === 'dns' || e.kind === 'apiserver').map((e) => e.id)).toEqual(['apiserver', 'dns']);
    expect(between(FLUENTD, 'dns')).toEqual([{ from: FLUENTD, to: 'dns', ports: ['53/UDP'] }]);
    expect(between(FLUENTD, 'apiserver')).toEqual([{ from: FLUENTD, to: 'apiserver', ports: ['443/TCP'] }]);
  });

  test('podSelector {} applies to every workload of the namespace', () => {
    expect(between(ES, 'dns')).toEqual([{ from: ES, to: 'dns', ports: ['53/TCP', '53/UDP'] }]);
    expect(between(KIBANA, 'dns')).toEqual([{ from: KIBANA, to: 'dns', ports: ['53/TCP', '53/UDP'] }]);
  });

  test('a namespace outside the render is an endpoint of its own', () => {
    expect(flows.filter((f) => f.to === KIBANA)).toEqual([{ from: 'namespace:ns ingress-nginx', to: KIBANA, ports: ['5601/TCP'] }]);
  });

  test('workloads no policy selects are unrestricted, not drawn', () => {
    const model = analyzeTraffic(objects);
    expect(model.unrestricted).toEqual([{ workload: 'apps/Deployment/web', ingress: true, egress: true }]);
    expect(flows.filter((f) => f.from.startsWith('apps/') || f.to.startsWith('apps/'))).toEqual([]);
  });
});

describe('policy semantics', () => {
  const web = deployment('apps', 'web');
  const api = deployment('apps', 'api');
  const denyAll = policy('apps', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });

  test('ingress isolation alone: a source without egress policy reaches a destination that names it', () => {
    const admitWeb = policy('apps', 'api', {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } }], ports: [{ port: 8080 }] }],
    });
    expect(trafficFlows([namespace('apps'), web, api, admitWeb])).toEqual([{ from: 'apps/Deployment/web', to: 'apps/Deployment/api', ports: ['8080/TCP'] }]);
  });

  test('a flow only the destination allows does not appear when the source namespace denies egress', () => {
    const admitWeb = policy('apps', 'api', {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } }], ports: [{ port: 8080 }] }],
    });
    expect(trafficFlows([namespace('apps'), web, api, denyAll, admitWeb])).toEqual([]);
  });

  test('policies are additive: ports of every rule allowing a pair are combined', () => {
    const rule = (port: number) => policy('apps', `api-${port}`, {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
      ingress: [{ from: [{ podSelector: {} }], ports: [{ port }] }],
    });
    const flows = trafficFlows([web, api, rule(8080), rule(9090)]).filter((f) => f.from === 'apps/Deployment/web');
    expect(flows).toEqual([{ from: 'apps/Deployment/web', to: 'apps/Deployment/api', ports: ['8080/TCP', '9090/TCP'] }]);
  });

  test('both sides restricted: only the ports both allow', () => {
    const egress = policy('apps', 'web', {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } } }], ports: [{ port: 8000, endPort: 8100 }] }],
    });
    const ingress = policy('apps', 'api', {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
      ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 8080 }, { port: 9090 }] }],
    });
    expect(trafficFlows([web, api, denyAll, egress, ingress])).toEqual([{ from: 'apps/Deployment/web', to: 'apps/Deployment/api', ports: ['8080/TCP'] }]);
  });

  test('a rule without peers is an edge to or from anywhere; an ipBlock is external', () => {
    const open = policy('apps', 'web', {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ports: [{ port: 8080 }] }],
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 443 }] }],
    });
    const model = analyzeTraffic([web, open]);
    expect(model.flows).toEqual([
      { from: 'anywhere', to: 'apps/Deployment/web', ports: ['8080/TCP'] },
      { from: 'apps/Deployment/web', to: 'cidr:0.0.0.0/0 except 10.0.0.0/8', ports: ['443/TCP'] },
    ]);
    expect(model.endpoints.find((e) => e.id.startsWith('cidr:'))!.kind).toBe('external');
  });

  test('egress to port 6443 is the API server', () => {
    const toApi = policy('apps', 'web', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '172.20.0.0/16' } }], ports: [{ port: 6443 }] }],
    });
    expect(trafficFlows([web, toApi])).toEqual([{ from: 'apps/Deployment/web', to: 'apiserver', ports: ['6443/TCP'] }]);
  });

  test('namespaceSelector matches Namespace labels of the render', () => {
    const tenant = { ...namespace('tenant-a'), metadata: { name: 'tenant-a', labels: { 'platform.internal/tenant': 'true' } } };
    const admitTenants = policy('apps', 'api', {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'platform.internal/tenant': 'true' } } }] }],
    });
    const tenantApp = deployment('tenant-a', 'shop');
    expect(trafficFlows([namespace('apps'), tenant, api, tenantApp, web, admitTenants])).toEqual([
      { from: 'tenant-a/Deployment/shop', to: 'apps/Deployment/api', ports: ['any'] },
    ]);
  });
});
