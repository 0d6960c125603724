import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../lib/config/schema';
import { labelTree } from '../lib/core/labels';
import { apiServerPeer } from '../lib/network/cluster-peers';
import { DeclaredSecret, DOCKER_REGISTRY_SECRET_KEY } from '../lib/secrets/declared-secret';
import { attachImagePullSecret } from '../lib/secrets/image-pull-secret';
import { SecretBootstrap } from '../lib/secrets/secret-bootstrap';

export interface RegistryChartProps {
  /** The validated environment: its `images.registry` (which must be set), kubectl image and cluster. */
  readonly config: EnvironmentConfig;
}

/**
 * Pulls from the registry mirror: every pod and ServiceAccount of the charts built before this one (and of this
 * one) gets the pull secret, declared as an operator-supplied `docker-registry` Secret in every namespace that
 * pulls, with a bootstrap Job that reports the namespaces where it is still missing. Build it last.
 */
export class RegistryChart extends Chart {
  constructor(scope: Construct, id: string, props: RegistryChartProps) {
    super(scope, id);
    const { config } = props;
    const registry = config.images.registry;
    if (!registry) throw new Error('RegistryChart needs images.registry');
    const namespaces = attachImagePullSecret(scope, registry.pullSecret);
    const secret = DeclaredSecret.external({
      name: registry.pullSecret,
      namespaces,
      keys: [DOCKER_REGISTRY_SECRET_KEY],
      type: 'docker-registry',
      description: `Credentials for the registry mirror ${registry.host}, used by every pod of the environment (imagePullSecrets)`,
    });
    new SecretBootstrap(this, 'pull-secret', {
      name: 'registry-pull', namespace: namespaces[0], secrets: [secret], image: config.images.kubectl, apiServer: { peer: apiServerPeer(config.cluster), ports: config.cluster.apiServer.ports }, partOf: 'platform',
    });
    // This chart's own Job pulls from the mirror too (its namespace is one of the above).
    attachImagePullSecret(this, registry.pullSecret);
    labelTree(this, { name: 'registry-pull', component: 'registry', partOf: 'platform' });
  }
}
