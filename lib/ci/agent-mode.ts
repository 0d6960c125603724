// Imports nothing: config validation and the constructs share it.

/**
 * How agents connect back to the controller: `webSocket` over the HTTP port only, `tcp` to the
 * inbound TCP agent listener.
 */
export const AGENT_MODES = ['webSocket', 'tcp'] as const;
export type AgentMode = typeof AGENT_MODES[number];
