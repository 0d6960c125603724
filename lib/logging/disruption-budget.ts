import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';

export interface DisruptionBudgetProps {
  readonly name: string;
  readonly namespace: string;
  /** The workload's selector labels. */
  readonly selector: Record<string, string>;
}

/** A PodDisruptionBudget that lets voluntary disruptions (node drains) take one pod at a time. */
export function oneAtATime(scope: Construct, id: string, props: DisruptionBudgetProps): k8s.KubePodDisruptionBudget {
  return new k8s.KubePodDisruptionBudget(scope, id, {
    metadata: { name: props.name, namespace: props.namespace },
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: { ...props.selector } } },
  });
}
