/**
 * The namespaces of the stack's own components. Components reference these constants rather than
 * retyping the names, and tenant names must not collide with them.
 */
export const NAMESPACE = {
  logging: 'logging',
  loggingAgents: 'logging-agents',
  ci: 'ci',
  ciAgents: 'ci-agents',
  apps: 'apps',
  monitoring: 'monitoring',
  monitoringAgents: 'monitoring-agents',
} as const;

export type StackNamespace = typeof NAMESPACE[keyof typeof NAMESPACE];

/** Every stack namespace name. */
export const STACK_NAMESPACES: readonly StackNamespace[] = Object.values(NAMESPACE);

/** The stack namespaces each switchable component brings. */
export const COMPONENT_NAMESPACES = {
  logging: [NAMESPACE.logging, NAMESPACE.loggingAgents],
  ci: [NAMESPACE.ci, NAMESPACE.ciAgents],
  apps: [NAMESPACE.apps],
  monitoring: [NAMESPACE.monitoring, NAMESPACE.monitoringAgents],
} as const satisfies Record<string, readonly StackNamespace[]>;

export type StackComponent = keyof typeof COMPONENT_NAMESPACES;

/** The component switches of an environment (`logging.enabled`, ...). */
export type ComponentSwitches = { readonly [C in StackComponent]: { readonly enabled: boolean } };

/** The stack namespaces of the enabled components, in apply order. */
export function enabledStackNamespaces(switches: ComponentSwitches): StackNamespace[] {
  return (Object.keys(COMPONENT_NAMESPACES) as StackComponent[]).filter(c => switches[c].enabled).flatMap(c => [...COMPONENT_NAMESPACES[c]]);
}

/** The component a stack namespace belongs to; undefined for any other namespace. */
export function componentOf(namespace: string): StackComponent | undefined {
  return (Object.keys(COMPONENT_NAMESPACES) as StackComponent[]).find(c => (COMPONENT_NAMESPACES[c] as readonly string[]).includes(namespace));
}
