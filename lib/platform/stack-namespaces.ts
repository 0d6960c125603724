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
} as const;

export type StackNamespace = typeof NAMESPACE[keyof typeof NAMESPACE];

/** Every stack namespace name. */
export const STACK_NAMESPACES: readonly StackNamespace[] = Object.values(NAMESPACE);
