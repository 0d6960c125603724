import { renderTrafficDiagram } from '../../lib/review/traffic-diagram';
import { deployment, fixture } from './objects';

describe('renderTrafficDiagram', () => {
  const objects = fixture('traffic.k8s.yaml');
  const page = renderTrafficDiagram(objects, 'dev');

  test('namespaces are subgraphs holding their workloads', () => {
    expect(page).toContain('  subgraph group_logging["namespace logging"]\n    logging_Deployment_kibana["kibana (Deployment)"]\n    logging_StatefulSet_elasticsearch["elasticsearch (StatefulSet)"]\n  end');
  });

  test('a known flow is an edge labelled with its ports, and a table row', () => {
    expect(page).toContain('  logging_agents_DaemonSet_fluentd -->|"9200/TCP"| logging_StatefulSet_elasticsearch');
    expect(page).toContain('| fluentd (DaemonSet) in logging-agents | elasticsearch (StatefulSet) in logging | 9200/TCP |');
  });

  test('a flow allowed on one side only is not drawn', () => {
    expect(page).not.toMatch(/logging_agents_DaemonSet_fluentd -->\|[^|]*\| logging_Deployment_kibana/);
  });

  test('DNS is dotted, the API server thick, outside peers styled apart', () => {
    expect(page).toContain('  dns(("cluster DNS"))');
    expect(page).toContain('  apiserver{{"Kubernetes API server"}}');
    expect(page).toContain('  logging_agents_DaemonSet_fluentd -.->|"53/UDP"| dns');
    expect(page).toContain('  logging_agents_DaemonSet_fluentd ==>|"443/TCP"| apiserver');
    expect(page).toContain('  class namespace_ns_ingress_nginx namespace');
  });

  test('a flow every workload of a namespace has is one edge from the namespace', () => {
    expect(page).toContain('  group_logging -.->|"53/TCP, 53/UDP"| dns');
    expect(page).toContain('| all workloads in logging | cluster DNS | 53/TCP, 53/UDP |');
    expect(page).not.toContain('logging_Deployment_kibana -.->');
  });

  test('unrestricted workloads are marked and listed', () => {
    expect(page).toContain('apps_Deployment_web["web (Deployment)<br/>ingress + egress unrestricted"]');
    expect(page).toContain('  class apps_Deployment_web open');
    expect(page).toContain('| web (Deployment) in apps | unrestricted | unrestricted |');
  });

  test('is deterministic: object order does not matter', () => {
    const shuffled = [...objects].reverse();
    expect(renderTrafficDiagram(shuffled, 'dev')).toBe(page);
  });

  test('a render without workloads says so', () => {
    expect(renderTrafficDiagram([], 'dev')).toContain('No workloads in this render.');
  });

  test('a render without any policy lists every workload as unrestricted and draws no flow', () => {
    const text = renderTrafficDiagram([deployment('apps', 'web')], 'prod');
    expect(text).toContain('No flow drawn: no policy allows a specific peer.');
    expect(text).toContain('| web (Deployment) in apps | unrestricted | unrestricted |');
  });

  test('snapshot of the fixture page', () => {
    expect(page).toMatchSnapshot();
  });
});
