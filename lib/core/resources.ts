import { k8s } from './k8s';

/** What a container may use, as quantities. */
export interface Resources {
  /** CPU request. */
  readonly cpu: string;
  /** Memory limit, and the request unless `memoryRequest` is set. */
  readonly memory: string;
  /** CPU limit. @default - none (no CPU throttling) */
  readonly cpuLimit?: string;
  /** Memory request below the limit, for agents whose usual need is far below their worst case. @default - the limit */
  readonly memoryRequest?: string;
}

/**
 * Container resources: the memory limit, requested in full unless a smaller `memoryRequest` is
 * given (so a pod is not OOM-killed for using what it asked for), and a CPU request with an
 * optional limit.
 */
export function containerResources(resources: Resources): k8s.ResourceRequirements {
  return {
    requests: { cpu: k8s.Quantity.fromString(resources.cpu), memory: k8s.Quantity.fromString(resources.memoryRequest ?? resources.memory) },
    limits: {
      memory: k8s.Quantity.fromString(resources.memory),
      ...(resources.cpuLimit ? { cpu: k8s.Quantity.fromString(resources.cpuLimit) } : {}),
    },
  };
}

/** A persistent volume claim's request: the data volume of a stateful workload. */
export interface VolumeStorage {
  /** Requested size of each claim (a quantity, e.g. `100Gi`). */
  readonly size: string;
  /** StorageClass of the claims. @default - the cluster's default class */
  readonly storageClassName?: string;
}

/** Resources of a short helper container (init containers, setup scripts). */
export function helperResources(memory = '64Mi'): k8s.ResourceRequirements {
  return {
    requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString(memory) },
    limits: { memory: k8s.Quantity.fromString(memory) },
  };
}
