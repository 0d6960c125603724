import { VM_MAX_MAP_COUNT } from '../../logging/elasticsearch';
import { Check } from '../finding';

/** Pinned image with `sysctl` for the manual check (busybox's applet reads /proc/sys, which a node debug pod shares). */
const DEBUG_IMAGE = 'docker.io/library/busybox:1.36.1';

/**
 * `preconfigured` relies on the node pool's own tuning: no API object shows a sysctl, so this is
 * unverified and the finding says how to read it on each node.
 */
export const vmMaxMapCountCheck: Check = ({ config, kube }) => {
  const es = config.logging.elasticsearch;
  if (!config.logging.enabled || es.vmMaxMapCount !== 'preconfigured') return [];
  const nodes = kube.get({ resource: 'nodes' });
  const names: string[] = nodes.kind === 'found' ? nodes.value.items.map((n: any) => n.metadata.name) : ['<node>'];
  return [{
    check: 'vm-max-map-count',
    subject: `vm.max_map_count >= ${VM_MAX_MAP_COUNT} on nodes`,
    status: 'unverified',
    detail: 'no API object shows a node sysctl; Elasticsearch fails its bootstrap check below this',
    fix: [
      'read it on each node (this creates a node-debugger pod in the current namespace: delete it afterwards):',
      ...names.map(n => `  kubectl debug node/${n} -it --image=${DEBUG_IMAGE} -- sysctl vm.max_map_count`),
      'if it is lower: tune the node pool, or set logging.elasticsearch.vmMaxMapCount to "disableMmap" (no node change) or "initContainer" (privileged)',
    ].join('\n'),
    fields: ['logging.elasticsearch.vmMaxMapCount'],
  }];
};
