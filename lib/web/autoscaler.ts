import { Construct } from 'constructs';
import { k8s } from '../core/k8s';

/** HPA bounds and targets. */
export interface AutoscalingOptions {
  /** Fewest replicas, at least 1 and at most `maxReplicas`. */
  readonly minReplicas: number;
  /** Most replicas. */
  readonly maxReplicas: number;
  /** Average CPU use, in percent of the request. @default 70 */
  readonly targetCpuUtilization?: number;
  /** Average memory use, in percent of the request. @default - CPU only */
  readonly targetMemoryUtilization?: number;
}

export interface AutoscalerProps extends AutoscalingOptions {
  /** The Deployment it scales: its `spec.replicas` must be left unset. */
  readonly deployment: k8s.KubeDeployment;
}

/**
 * An `autoscaling/v2` HorizontalPodAutoscaler with production behaviour: scale up at once
 * (double or +4 pods per 15 s), scale down slowly (after 5 minutes of lower load, at most one pod
 * or 10 % per minute) so a bursty load does not flap.
 */
export class Autoscaler extends Construct {
  public readonly hpa: k8s.KubeHorizontalPodAutoscalerV2;

  constructor(scope: Construct, id: string, props: AutoscalerProps) {
    super(scope, id);
    if (props.minReplicas < 1 || props.minReplicas > props.maxReplicas) {
      throw new Error(`Autoscaler of ${props.deployment.name}: expected 1 <= minReplicas <= maxReplicas, got ${props.minReplicas}..${props.maxReplicas}`);
    }
    const utilization = (name: string, averageUtilization: number): k8s.MetricSpecV2 => ({
      type: 'Resource',
      resource: { name, target: { type: 'Utilization', averageUtilization } },
    });
    this.hpa = new k8s.KubeHorizontalPodAutoscalerV2(this, 'hpa', {
      metadata: { name: props.deployment.name, namespace: props.deployment.metadata.namespace },
      spec: {
        scaleTargetRef: { apiVersion: props.deployment.apiVersion, kind: props.deployment.kind, name: props.deployment.name },
        minReplicas: props.minReplicas,
        maxReplicas: props.maxReplicas,
        metrics: [
          utilization('cpu', props.targetCpuUtilization ?? 70),
          ...(props.targetMemoryUtilization === undefined ? [] : [utilization('memory', props.targetMemoryUtilization)]),
        ],
        behavior: {
          scaleUp: {
            stabilizationWindowSeconds: 0,
            selectPolicy: 'Max',
            policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }, { type: 'Pods', value: 4, periodSeconds: 15 }],
          },
          scaleDown: {
            stabilizationWindowSeconds: 300,
            selectPolicy: 'Min',
            policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }, { type: 'Pods', value: 1, periodSeconds: 60 }],
          },
        },
      },
    });
  }
}
