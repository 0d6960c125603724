import type { AppIdentity } from '../core/labels';

/** The controller's identity: its name is also the name of its Services, ServiceAccount and StatefulSet. */
export const CONTROLLER_IDENTITY: AppIdentity = { name: 'jenkins', component: 'controller', partOf: 'ci' };

/** The identity of agent pods; their selector labels are what the JCasC cloud and the NetworkPolicies share. */
export const AGENT_IDENTITY: AppIdentity = { name: 'jenkins-agent', component: 'build-agent', partOf: 'ci' };

/** Name the kubernetes plugin gives the agent container (it injects the connection env into it). */
export const JNLP_CONTAINER = 'jnlp';
