import { k8s } from 'cdk8s-plus-27';
import { Resources } from '../config/primitives';

/**
 * Container resources from a config `resources` block: the memory limit, requested in full unless
 * a smaller `memoryRequest` is given (so a pod is not OOM-killed for using what it asked for), and
 * a CPU request with an optional limit.
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

/** Resources of a short helper container (init containers, setup scripts). */
export function helperResources(memory = '64Mi'): k8s.ResourceRequirements {
  return {
    requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString(memory) },
    limits: { memory: k8s.Quantity.fromString(memory) },
  };
}
