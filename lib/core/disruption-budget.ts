import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from './k8s';

/**
 * What an eviction may do to a running pod that is not ready (Kubernetes' `unhealthyPodEvictionPolicy`):
 * - `AlwaysAllow`: evict it regardless of the budget, so a crash-looping pod never blocks a node drain;
 * - `IfHealthyBudget`: evict it only while the workload has its healthy minimum, i.e. count it like a healthy pod.
 */
export type UnhealthyPodEviction = 'AlwaysAllow' | 'IfHealthyBudget';

export interface DisruptionBudgetProps {
  /** The Deployment or StatefulSet whose pods it protects: the budget takes its name and namespace. */
  readonly workload: ApiObject;
  /** The workload's selector labels (read from the object that set them). */
  readonly selector: Readonly<Record<string, string>>;
  /**
   * Whether a drain may evict a pod that is not ready. `AlwaysAllow` suits stateless pods;
   * a workload whose not-ready pod may be the one recovering data should say `IfHealthyBudget`.
   * @default 'AlwaysAllow'
   */
  readonly unhealthyPodEviction?: UnhealthyPodEviction;
}

/**
 * A PodDisruptionBudget allowing one voluntary eviction at a time. `maxUnavailable` follows the
 * current replica count (an absolute `minAvailable` would block every drain while an HPA sits at
 * its minimum).
 */
export class DisruptionBudget extends Construct {
  public readonly pdb: k8s.KubePodDisruptionBudget;

  constructor(scope: Construct, id: string, props: DisruptionBudgetProps) {
    super(scope, id);
    this.pdb = new k8s.KubePodDisruptionBudget(this, 'pdb', {
      metadata: { name: props.workload.name, namespace: props.workload.metadata.namespace },
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(1),
        selector: { matchLabels: { ...props.selector } },
        unhealthyPodEvictionPolicy: props.unhealthyPodEviction ?? 'AlwaysAllow',
      },
    });
  }
}
