import { Construct } from 'constructs';
import { NetworkFlow } from '../network/flow';
import { PodsPeer } from '../network/peer';
import { RoutingTable } from '../network/routing-table';

export interface IngressControllerFlowsProps {
  /** Every route and canary of the environment. */
  readonly routes: RoutingTable;
  /** The ingress controller's pods. */
  readonly controller: PodsPeer;
}

/**
 * One flow from the ingress controller to the pods behind each backend, on the pod ports the
 * routes target (NetworkPolicies see traffic after the Service is translated). Routes and canaries
 * that reach the same pods share one flow.
 */
export class IngressControllerFlows extends Construct {
  public readonly flows: NetworkFlow[] = [];

  constructor(scope: Construct, id: string, props: IngressControllerFlowsProps) {
    super(scope, id);
    const targets = new Map<string, { pods: PodsPeer; ports: Set<number> }>();
    const backends = [...props.routes.routes, ...props.routes.canaries].map(r => r.backend);
    for (const { pods, podPort } of backends) {
      const key = `${pods.namespace}/${pods.name}`;
      const known = targets.get(key);
      if (known && JSON.stringify(known.pods.podLabels) !== JSON.stringify(pods.podLabels)) {
        throw new Error(`Routes name two different sets of pods "${pods.name}" in namespace ${pods.namespace}: give them distinct peer names`);
      }
      const target = known ?? { pods, ports: new Set<number>() };
      target.ports.add(podPort);
      targets.set(key, target);
    }
    const { controller } = props;
    for (const [key, { pods, ports }] of targets) {
      this.flows.push(new NetworkFlow(this, key, { from: controller, to: pods, ports: [...ports].sort((a, b) => a - b) }));
    }
  }
}
