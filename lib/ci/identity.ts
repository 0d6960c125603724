// Imports nothing, not even types: config validation reads these names (lib/config must load no construct).
// The identities are checked against `AppIdentity` where constructs use them.

/** The controller's identity: its name is also the name of its Services, ServiceAccount and StatefulSet. */
export const CONTROLLER_IDENTITY = { name: 'jenkins', component: 'controller', partOf: 'ci' } as const;

/** The identity of agent pods; their selector labels are what the JCasC cloud and the NetworkPolicies share. */
export const AGENT_IDENTITY = { name: 'jenkins-agent', component: 'build-agent', partOf: 'ci' } as const;

/** Name the kubernetes plugin gives the agent container (it injects the connection env into it). */
export const JNLP_CONTAINER = 'jnlp';
