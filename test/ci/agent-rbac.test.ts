import { Chart, Testing } from 'cdk8s';
import { k8s } from '../../lib/core/k8s';
import { AgentRbac, AgentRbacProps } from '../../lib/ci/agent-rbac';
import { find, KubeObject, ofKind } from '../support/render';

function build(props: Partial<AgentRbacProps> = {}, controller: k8s.ObjectMeta = { name: 'jenkins', namespace: 'ci' }): KubeObject[] {
  const chart = new Chart(Testing.app(), 'test');
  const controllerServiceAccount = new k8s.KubeServiceAccount(chart, 'sa', { metadata: controller });
  new AgentRbac(chart, 'rbac', { agentNamespace: 'ci-agents', controllerServiceAccount, ...props });
  return Testing.synth(chart) as KubeObject[];
}

describe('AgentRbac', () => {
  test('defaults: a Role in the agents namespace granting exactly what the kubernetes plugin needs, bound to the controller account', () => {
    const objects = build();
    const role = find(objects, 'Role', 'jenkins-agents', 'ci-agents');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete', 'get', 'list', 'watch', 'patch', 'update'] },
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch'] },
    ]);
    const binding = find(objects, 'RoleBinding', 'jenkins-agents', 'ci-agents');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'jenkins-agents' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'jenkins', namespace: 'ci' }]);
    expect([...ofKind(objects, 'ClusterRole'), ...ofKind(objects, 'ClusterRoleBinding')]).toEqual([]);
  });

  test('agents run as their own ServiceAccount, which mounts no API token', () => {
    expect(find(build(), 'ServiceAccount', 'jenkins-agent', 'ci-agents').automountServiceAccountToken).toBe(false);
  });

  test('the Role and binding can be renamed', () => {
    const objects = build({ name: 'builders' });
    expect(find(objects, 'RoleBinding', 'builders', 'ci-agents').roleRef.name).toBe('builders');
  });

  test('refuses a controller ServiceAccount without an explicit namespace (the binding needs it)', () => {
    expect(() => build({}, { name: 'jenkins' })).toThrow('AgentRbac: ServiceAccount "jenkins" needs an explicit namespace');
  });
});
