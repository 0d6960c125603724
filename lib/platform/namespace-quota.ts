import { Construct } from 'constructs';
import { k8s } from '../core/k8s';

/** A CPU and a memory quantity, e.g. `{ cpu: '500m', memory: '1Gi' }`. */
export interface CpuAndMemory {
  readonly cpu: string;
  readonly memory: string;
}

/** Namespace-wide ceilings (ResourceQuota) and per-container defaults (LimitRange). */
export interface NamespaceQuotaSpec {
  /** Sum of the CPU and memory requests of the namespace's pods. */
  readonly requests: CpuAndMemory;
  /** Sum of their limits. */
  readonly limits: CpuAndMemory;
  /** Number of pods. */
  readonly pods: number;
  /** Number of PersistentVolumeClaims. */
  readonly persistentVolumeClaims: number;
  /** Total storage the claims request; `'0'` forbids claims with a size. */
  readonly storage: string;
  /** Requests and limits given to containers that state none (a quota on both would otherwise reject them). */
  readonly containerDefaults: { readonly request: CpuAndMemory; readonly limit: CpuAndMemory };
}

export interface NamespaceQuotaProps {
  /** Namespace the quota applies to. */
  readonly namespace: string;
  /** Ceilings and per-container defaults. */
  readonly quota: NamespaceQuotaSpec;
}

/**
 * A ResourceQuota (namespace ceilings, so one team or one runaway build cannot starve the
 * cluster) and a LimitRange (defaults for containers that state no resources, which a quota on
 * requests/limits would otherwise reject).
 */
export class NamespaceQuota extends Construct {
  constructor(scope: Construct, id: string, props: NamespaceQuotaProps) {
    super(scope, id);
    const { quota, namespace } = props;
    const q = (value: string) => k8s.Quantity.fromString(value);

    new k8s.KubeResourceQuota(this, 'quota', {
      metadata: { name: 'quota', namespace },
      spec: {
        hard: {
          'requests.cpu': q(quota.requests.cpu),
          'requests.memory': q(quota.requests.memory),
          'limits.cpu': q(quota.limits.cpu),
          'limits.memory': q(quota.limits.memory),
          'pods': k8s.Quantity.fromNumber(quota.pods),
          'persistentvolumeclaims': k8s.Quantity.fromNumber(quota.persistentVolumeClaims),
          'requests.storage': q(quota.storage),
        },
      },
    });

    new k8s.KubeLimitRange(this, 'limits', {
      metadata: { name: 'container-defaults', namespace },
      spec: {
        limits: [{
          type: 'Container',
          defaultRequest: { cpu: q(quota.containerDefaults.request.cpu), memory: q(quota.containerDefaults.request.memory) },
          default: { cpu: q(quota.containerDefaults.limit.cpu), memory: q(quota.containerDefaults.limit.memory) },
        }],
      },
    });
  }
}
