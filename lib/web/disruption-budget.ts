import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';

export interface DisruptionBudgetProps {
  /** The Deployment whose pods it protects: the budget uses exactly its selector. */
  readonly deployment: k8s.KubeDeployment;
  /** The Deployment's selector labels (read from the object that set them). */
  readonly selector: Readonly<Record<string, string>>;
}

/**
 * A PodDisruptionBudget allowing one voluntary eviction at a time. `maxUnavailable` follows the
 * current replica count (an absolute `minAvailable` would block every drain while an HPA sits at
 * its minimum), and unhealthy pods may always be evicted so a crash-looping pod never blocks a
 * node drain.
 */
export class DisruptionBudget extends Construct {
  public readonly pdb: k8s.KubePodDisruptionBudget;

  constructor(scope: Construct, id: string, props: DisruptionBudgetProps) {
    super(scope, id);
    this.pdb = new k8s.KubePodDisruptionBudget(this, 'pdb', {
      metadata: { name: props.deployment.name, namespace: props.deployment.metadata.namespace },
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(1),
        selector: { matchLabels: { ...props.selector } },
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }
}
