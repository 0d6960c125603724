import { EnvironmentConfig } from '../config/schema';

/** Config fields that name a ClusterIssuer (the render annotates or references what they hold). */
export const CLUSTER_ISSUER_FIELDS = ['ingress.tls.clusterIssuer', 'logging.elasticsearch.tls.clusterIssuer'] as const;

/** Config fields that name a StorageClass; unset means the cluster's default class. */
export const STORAGE_CLASS_FIELDS = ['logging.elasticsearch.storage.storageClassName', 'ci.controller.storage.storageClassName'] as const;

/** Config fields that turn on spreading over `topology.kubernetes.io/zone`. */
export const ZONE_SPREAD_FIELDS = ['logging.elasticsearch.zoneSpread', 'highlyAvailable'] as const;

/** The value at a dotted path of the config. */
export function valueAt(config: EnvironmentConfig, path: string): unknown {
  return path.split('.').reduce<any>((value, key) => value?.[key], config);
}

/**
 * The fields among `paths` whose value equals `value`, skipping fields of a switched-off component
 * (`logging.*` when `logging.enabled` is false): those render nothing.
 */
export function fieldsWithValue(config: EnvironmentConfig, paths: readonly string[], value: unknown): string[] {
  return paths.filter(path => {
    const component = valueAt(config, path.split('.')[0]) as { enabled?: boolean } | undefined;
    return component?.enabled !== false && valueAt(config, path) === value;
  });
}
