import { k8s } from 'cdk8s-plus-27';
import { Resources } from '../config/primitives';

/**
 * Container resources from a config `resources` block: memory is both request and limit (the
 * pod is never OOM-killed for using what it asked for), CPU is a request with an optional limit.
 */
export function containerResources(resources: Resources): k8s.ResourceRequirements {
  return {
    requests: { cpu: k8s.Quantity.fromString(resources.cpu), memory: k8s.Quantity.fromString(resources.memory) },
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
