/**
 * The built-in ClusterRoles a tenant's members are bound to in the tenant's namespace. Dependency-free:
 * the config schema names its `access` fields after them and the Tenant construct binds them.
 */
export const TENANT_ROLES = ['admin', 'edit', 'view'] as const;

export type TenantRole = typeof TENANT_ROLES[number];
