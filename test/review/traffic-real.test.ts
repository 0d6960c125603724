import { analyzeTraffic, trafficFlows } from '../../lib/review/traffic-flows';
import { renderTrafficDiagram } from '../../lib/review/traffic-diagram';
import { renderEnvironment } from '../support/render';

const ES = 'logging/StatefulSet/elasticsearch';
const KIBANA = 'logging/Deployment/kibana';
const FLUENTD = 'logging-agents/DaemonSet/fluentd';
const JENKINS = 'ci/StatefulSet/jenkins';
const WEB = 'apps/Deployment/web-server';
const AGENT = 'ci-agents/JenkinsAgent/default';

describe.each(['dev', 'prod'])('%s: traffic derived from the rendered policies', env => {
  const { objects } = renderEnvironment(env);
  const flows = trafficFlows(objects);
  const between = (from: string, to: string) => flows.filter(f => f.from === from && f.to === to).flatMap(f => f.ports);

  test('declared flows appear with their ports', () => {
    expect(between(FLUENTD, ES)).toEqual(['9200/TCP']);
    expect(between(KIBANA, ES)).toEqual(['9200/TCP']);
    expect(between(ES, ES)).toEqual(['9200/TCP', '9300/TCP']);
  });

  test('Jenkins agents (JCasC pod templates) reach the controller and nothing else inside the cluster', () => {
    expect(between(AGENT, JENKINS)).toEqual(['8080/TCP']);
    expect(between(AGENT, ES)).toEqual([]);
    expect(between(JENKINS, AGENT)).toEqual([]);
  });

  test('flows nobody declared do not', () => {
    expect(between(WEB, ES)).toEqual([]);
    expect(between(JENKINS, ES)).toEqual([]);
    expect(between(FLUENTD, KIBANA)).toEqual([]);
    expect(between(KIBANA, FLUENTD)).toEqual([]);
  });

  test('every workload is restricted in both directions (default-deny everywhere)', () => {
    expect(analyzeTraffic(objects).unrestricted).toEqual([]);
  });

  test('the diagram', () => {
    expect(renderTrafficDiagram(objects, env)).toMatchSnapshot();
  });
});
