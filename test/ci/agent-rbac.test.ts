import { Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { AgentRbac } from '../../lib/ci/agent-rbac';
import { NAMESPACE } from '../../lib/platform/stack-namespaces';
import { find, ofKind } from '../support/render';
import { renderCi } from './support';
import { environmentInput } from '../support/render';

describe.each(['dev', 'prod'])('%s: agent RBAC', env => {
  const { objects } = renderCi(environmentInput(env));
  const sa = find(objects, 'ServiceAccount', 'jenkins', NAMESPACE.ci);

  test('the Role lives in ci-agents and grants exactly what the kubernetes plugin needs', () => {
    const role = find(objects, 'Role', 'jenkins-agents');
    expect(role.metadata.namespace).toBe(NAMESPACE.ciAgents);
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete', 'get', 'list', 'watch', 'patch', 'update'] },
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch'] },
    ]);
  });

  test('the binding in ci-agents names the controller ServiceAccount from ci', () => {
    const binding = find(objects, 'RoleBinding', 'jenkins-agents', NAMESPACE.ciAgents);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'jenkins-agents' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: sa.metadata.name, namespace: NAMESPACE.ci }]);
    expect(statefulSetServiceAccount(objects)).toBe(sa.metadata.name);
  });

  test('no cluster-wide grants and no wildcards anywhere', () => {
    expect([...ofKind(objects, 'ClusterRole'), ...ofKind(objects, 'ClusterRoleBinding')]).toEqual([]);
    for (const role of ofKind(objects, 'Role')) {
      for (const rule of role.rules) expect([...rule.verbs, ...rule.resources, ...rule.apiGroups]).not.toContain('*');
    }
  });

  test('agents run as their own ServiceAccount without an API token', () => {
    const agent = find(objects, 'ServiceAccount', 'jenkins-agent', NAMESPACE.ciAgents);
    expect(agent.automountServiceAccountToken).toBe(false);
  });

  test('ci-agents has a ResourceQuota and LimitRange from config', () => {
    const { config } = renderCi(environmentInput(env));
    const quota = find(objects, 'ResourceQuota', 'quota', NAMESPACE.ciAgents);
    expect(quota.spec.hard['requests.cpu']).toBe(config.ci.agents.quota.requests.cpu);
    expect(quota.spec.hard['limits.memory']).toBe(config.ci.agents.quota.limits.memory);
    expect(quota.spec.hard.pods).toBe(config.ci.agents.quota.pods);
    expect(find(objects, 'LimitRange', 'container-defaults', NAMESPACE.ciAgents).spec.limits[0].type).toBe('Container');
  });
});

test('AgentRbac refuses a controller ServiceAccount without an explicit namespace (the binding needs it)', () => {
  const chart = new Chart(Testing.app(), 'test');
  const controllerServiceAccount = new k8s.KubeServiceAccount(chart, 'sa', { metadata: { name: 'jenkins' } });
  expect(() => new AgentRbac(chart, 'rbac', { agentNamespace: NAMESPACE.ciAgents, controllerServiceAccount }))
    .toThrow('AgentRbac: ServiceAccount "jenkins" needs an explicit namespace');
});

function statefulSetServiceAccount(objects: any[]): string {
  return find(objects, 'StatefulSet', 'jenkins', NAMESPACE.ci).spec.template.spec.serviceAccountName;
}
