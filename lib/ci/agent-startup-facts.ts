// Imports nothing: test/ci/agent-startup-facts.test.ts checks every environment's render against these facts.

/**
 * What an agent pod does on the network as it starts, read at the pinned versions:
 * - Image `jenkins/inbound-agent:3355.v388858a_47b_33-*` (jenkinsci/docker-agent): the entrypoint `jenkins-agent`
 *   turns the variables below into `java -jar /usr/share/jenkins/agent.jar -secret … -name … -url … -workDir …
 *   [-webSocket] [-tunnel …] [-direct …] $REMOTING_OPTS`. agent.jar is copied in at build time (`debian/Dockerfile`),
 *   so nothing is downloaded at start. Read at tags `3355.v388858a_47b_33-1` and `-5` and on master, where the
 *   script is the same blob (a60b7d57); the `-19` tag pinned here was not in the mirror read, and the script has
 *   not changed since 2025-09-18.
 * - Kubernetes plugin 4423.vb_59f230b_ce53, `PodTemplateBuilder.agentEnvVars`: on the `jnlp` container (the one in
 *   the template's YAML too) it sets `JENKINS_SECRET`, `JENKINS_NAME`, `JENKINS_AGENT_NAME`, `JENKINS_AGENT_WORKDIR`
 *   (the container's `workingDir`), `REMOTING_OPTS`; `JENKINS_URL` (the cloud's `jenkinsUrl`, with a trailing `/`);
 *   `JENKINS_WEB_SOCKET=true` in WebSocket mode; `JENKINS_TUNNEL` when `jenkinsTunnel` is set; the direct-connection
 *   variables only with `directConnection`, which needs the TCP listener.
 * - Remoting 3355.v388858a_47b_33 (`Engine.java`, `JnlpAgentEndpointResolver.java`): in WebSocket mode the agent
 *   polls `GET <url>login` until it answers 200, then opens the WebSocket `<url>wsagents/`; in TCP mode it first
 *   asks `GET <url>tcpSlaveAgentListener/` for the listener, then connects to the tunnel instead when one is set.
 * So the container must keep the image's entrypoint (no `command` or `args`), and the controller must answer on
 * the port of `jenkinsUrl` from the agents' namespace, for the paths below.
 */
export const AGENT_STARTUP = {
  /** The image these facts were read from. */
  readFrom: 'docker.io/jenkins/inbound-agent:3355.v388858a_47b_33',
  /** Requests under `jenkinsUrl` before the channel is up, by agent mode. */
  requests: {
    webSocket: ['login', 'wsagents/'],
    tcp: ['tcpSlaveAgentListener/'],
  },
} as const;
