import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { AGENT_IDENTITY, AGENT_POD_LABELS, agentPodTemplate } from '../lib/ci/agent-pod-template';
import { AgentRbac } from '../lib/ci/agent-rbac';
import { renderJcasc } from '../lib/ci/jcasc';
import { JenkinsController } from '../lib/ci/jenkins-controller';
import { JenkinsServices } from '../lib/ci/jenkins-services';
import { EnvironmentConfig } from '../lib/config/schema';
import { AppIdentity, labelTree } from '../lib/core/labels';
import { apiServerPeer, internetPeer } from '../lib/network/cluster-peers';
import { NetworkFlow } from '../lib/network/flow';
import { Peer, PodsPeer } from '../lib/network/peer';
import { RoutingTable } from '../lib/network/routing-table';
import { NamespaceQuota } from '../lib/platform/namespace-quota';
import { NAMESPACE } from '../lib/platform/stack-namespaces';
import { DeclaredSecret } from '../lib/secrets/declared-secret';
import { SecretBootstrap } from '../lib/secrets/secret-bootstrap';

/** The controller's identity. */
export const CONTROLLER_IDENTITY: AppIdentity = { name: 'jenkins', component: 'controller', partOf: 'ci' };

/** Key of the admin password in the `jenkins-admin` Secret: also the JCasC variable name (secrets-directory mechanism). */
export const ADMIN_PASSWORD_KEY = 'admin-password';

/**
 * What ingress-nginx must do differently for Jenkins: plugin and artifact uploads larger than
 * the 1m default, uploads streamed rather than buffered to disk, responses (console logs,
 * long polling) not buffered, and long-running requests not cut after 60 s.
 */
export const JENKINS_ROUTE_ANNOTATIONS: Readonly<Record<string, string>> = {
  'nginx.ingress.kubernetes.io/proxy-body-size': '50m',
  'nginx.ingress.kubernetes.io/proxy-request-buffering': 'off',
  'nginx.ingress.kubernetes.io/proxy-buffering': 'off',
  'nginx.ingress.kubernetes.io/proxy-read-timeout': '300',
  'nginx.ingress.kubernetes.io/proxy-send-timeout': '300',
};

export interface CiChartProps {
  /** The environment (uses `ci`, `cluster` and `images`). */
  readonly config: EnvironmentConfig;
  /** The environment's routing table: Jenkins registers its public route here. */
  readonly routes: RoutingTable;
}

/**
 * Jenkins: the controller in `ci` and its dynamic agents in `ci-agents` (RBAC, quota, agent
 * ServiceAccount), the admin Secret's bootstrap, the public route, and every network flow on both
 * sides.
 */
export class CiChart extends Chart {
  constructor(scope: Construct, id: string, props: CiChartProps) {
    super(scope, id);
    const { config, routes } = props;
    const ci = config.ci;
    const namespace = NAMESPACE.ci;
    const agentNamespace = NAMESPACE.ciAgents;
    const prefix = ci.controller.pathPrefix ?? '';

    const adminSecret = DeclaredSecret.generated({
      name: 'jenkins-admin',
      namespaces: [namespace],
      keys: { [ADMIN_PASSWORD_KEY]: { length: 32 } },
      description: `Password of the Jenkins user "${ci.controller.adminUser}", read by JCasC from the secrets directory.`,
    });
    new SecretBootstrap(this, 'secrets', { namespace, secrets: [adminSecret], image: config.images.kubectl, cluster: config.cluster, partOf: CONTROLLER_IDENTITY.partOf });

    const controllerScope = new Construct(this, 'controller');
    const services = new JenkinsServices(controllerScope, 'services', { namespace, identity: CONTROLLER_IDENTITY, agentMode: ci.agents.mode });
    const publicUrl = routes.add({
      name: 'jenkins',
      subdomain: 'jenkins',
      path: `${prefix}/`,
      backend: { namespace, serviceName: services.http.name, servicePort: services.httpPort, pods: services.peer, podPort: services.httpPort },
      annotations: JENKINS_ROUTE_ANNOTATIONS,
    });
    const serviceAccount = new k8s.KubeServiceAccount(controllerScope, 'service-account', {
      metadata: { name: services.http.name, namespace },
    });

    const agentScope = new Construct(this, 'agents');
    const rbac = new AgentRbac(agentScope, 'rbac', { agentNamespace, controllerServiceAccount: serviceAccount });
    new NamespaceQuota(agentScope, 'quota', { namespace: agentNamespace, quota: ci.agents.quota });

    const jcasc = renderJcasc({
      adminUser: ci.controller.adminUser,
      adminPasswordVariable: ADMIN_PASSWORD_KEY,
      publicUrl,
      cloud: {
        namespace: agentNamespace,
        jenkinsUrl: services.internalUrl(prefix),
        connection: services.agentConnection,
        containerCap: ci.agents.containerCap,
        podLabels: AGENT_POD_LABELS,
        templates: ci.agents.templates.map(template => agentPodTemplate({
          template, jnlp: ci.agents.jnlp, namespace: agentNamespace, serviceAccountName: rbac.agentServiceAccount.name,
        })),
      },
    });
    new JenkinsController(controllerScope, 'jenkins', {
      namespace, controller: ci.controller, plugins: ci.plugins, services, serviceAccount, jcasc, secrets: adminSecret,
    });

    // Flows. Agents select by AGENT_POD_LABELS: the same constant the cloud puts on agent pods.
    const controller = services.peer;
    const agents = Peer.workload(AGENT_IDENTITY.name, agentNamespace, { ...AGENT_POD_LABELS });
    const agentPorts = [services.httpPort, ...(services.agentListenerPort ? [services.agentListenerPort] : [])];
    new NetworkFlow(controllerScope, 'agents-to-controller', { from: agents, to: controller, ports: agentPorts });
    new NetworkFlow(controllerScope, 'controller-to-apiserver', { from: controller, to: apiServerPeer(config.cluster), ports: config.cluster.apiServer.ports });
    const sides: Record<'controller' | 'agents', { peer: PodsPeer; scope: Construct }> = {
      controller: { peer: controller, scope: controllerScope },
      agents: { peer: agents, scope: agentScope },
    };
    // Outside the cluster: everything (development) or only the declared destinations.
    if (ci.egress.internet) {
      for (const side of Object.values(sides)) new NetworkFlow(side.scope, 'to-internet', { from: side.peer, to: internetPeer(config.cluster) });
    }
    for (const rule of ci.egress.allow) {
      const destination = Peer.ipBlock(rule.name, rule.cidrs);
      for (const from of new Set(rule.from)) {
        new NetworkFlow(sides[from].scope, `to-${rule.name}`, { from: sides[from].peer, to: destination, ports: rule.ports });
      }
    }

    labelTree(agentScope, AGENT_IDENTITY);
    labelTree(controllerScope, CONTROLLER_IDENTITY);
  }
}
