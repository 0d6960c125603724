import { componentOf, enabledStackNamespaces, NAMESPACE, STACK_NAMESPACES } from '../../lib/platform/stack-namespaces';

describe('stack namespaces', () => {
  const all = { logging: { enabled: true }, ci: { enabled: true }, apps: { enabled: true }, monitoring: { enabled: true } };

  test('the enabled components bring their namespaces, in apply order', () => {
    expect(enabledStackNamespaces(all)).toEqual(['logging', 'logging-agents', 'ci', 'ci-agents', 'apps', 'monitoring', 'monitoring-agents']);
    expect(enabledStackNamespaces({ ...all, ci: { enabled: false } })).toEqual(['logging', 'logging-agents', 'apps', 'monitoring', 'monitoring-agents']);
    expect(enabledStackNamespaces({ logging: { enabled: false }, ci: { enabled: false }, apps: { enabled: false }, monitoring: { enabled: false } })).toEqual([]);
  });

  test('every stack namespace belongs to one component; any other namespace to none', () => {
    expect(STACK_NAMESPACES.map(componentOf)).toEqual(['logging', 'logging', 'ci', 'ci', 'apps', 'monitoring', 'monitoring']);
    expect(componentOf('team-a')).toBeUndefined();
    expect(NAMESPACE.loggingAgents).toBe('logging-agents');
  });
});
