/**
 * The namespaces of the stack's own components. Tenant namespaces must not collide with them.
 * Components reference these constants rather than retyping the names.
 */
export const STACK_NAMESPACES = ['logging', 'logging-agents', 'ci', 'ci-agents', 'apps'] as const;
export type StackNamespace = typeof STACK_NAMESPACES[number];

export const NAMESPACE = {
  logging: 'logging',
  loggingAgents: 'logging-agents',
  ci: 'ci',
  ciAgents: 'ci-agents',
  apps: 'apps',
} as const satisfies Record<string, StackNamespace>;
