import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Jenkins } from '../lib/ci/jenkins';
import { EnvironmentConfig } from '../lib/config/schema';
import { RoutingTable } from '../lib/network/routing-table';

export interface CiChartProps {
  /** The environment (uses `ci`, `cluster` and `images`). */
  readonly config: EnvironmentConfig;
  /** The environment's routing table: Jenkins registers its public route here. */
  readonly routes: RoutingTable;
}

/** Jenkins: the controller in `ci` and its dynamic agents in `ci-agents`. */
export class CiChart extends Chart {
  public readonly jenkins: Jenkins;

  constructor(scope: Construct, id: string, props: CiChartProps) {
    super(scope, id);
    const { config } = props;
    const { controller, plugins, agents, egress } = config.ci;
    this.jenkins = new Jenkins(this, 'jenkins', {
      controller: {
        image: controller.image,
        resources: controller.resources,
        heapPercent: controller.heapPercent,
        storage: controller.storage,
        startupProbeSeconds: controller.startupProbeSeconds,
        adminUser: controller.adminUser,
        pathPrefix: controller.pathPrefix,
      },
      plugins: plugins.install === 'initContainer' ? { install: 'initContainer', pins: plugins.pins, mirror: plugins.mirror?.url } : plugins,
      agents,
      egress,
      routes: props.routes,
      // The plugin's endpoint exists for the monitoring stack's scrape only.
      prometheusMetrics: config.monitoring.enabled,
      cluster: config.cluster,
      kubectlImage: config.images.kubectl,
    });
  }
}
