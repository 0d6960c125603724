import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { SCRAPE_JOBS } from './scrape-jobs';
import { ScrapeTarget } from './scrape-target';
import { AppIdentity, labelTree, selectorLabels } from '../core/labels';
import { PodSecurityLevel } from '../core/pod-security';
import { Resources } from '../core/resources';
import { workloadPod } from '../core/workload-pod';
import { IpBlockPeer, Peer } from '../network/peer';

/**
 * How the `quay.io/prometheus/node-exporter` image behaves at the tag below, as read in
 * prometheus/node_exporter at that tag. Tests check the render, and the environments' pins, against these facts.
 */
export const NODE_EXPORTER_IMAGE = {
  tag: 'v1.9.1',
  /** Dockerfile: `USER nobody` (65534): reading /proc, /sys and statfs of mounts needs no root. */
  uid: 65534,
  /** node_exporter.go: exporter-toolkit's `--web.listen-address`, default `:9100`. */
  port: 9100,
  /** collector/filesystem_common.go (`collector.filesystem.mount-points-exclude`), default of collector/filesystem_linux.go, plus kubelet pod volumes. */
  mountPointsExclude: '^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+|var/lib/kubelet/pods/.+)($|/)',
} as const;

/** Where the node's file systems are mounted in the container (collector/paths.go: `--path.procfs`, `--path.sysfs`, `--path.rootfs`). */
const HOST_PATHS = [
  { name: 'proc', hostPath: '/proc', mountPath: '/host/proc', flag: '--path.procfs' },
  { name: 'sys', hostPath: '/sys', mountPath: '/host/sys', flag: '--path.sysfs' },
  { name: 'root', hostPath: '/', mountPath: '/host/root', flag: '--path.rootfs' },
] as const;

/** The Pod Security level node-exporter's namespace needs, and why (written on the namespace). */
export function nodeExporterPodSecurity(): { level: PodSecurityLevel; reason: string } {
  return {
    level: 'privileged',
    reason: 'node-exporter reads the node\'s /proc, /sys and root file system through hostPath volumes and serves on the node\'s address (hostNetwork, hostPID) so that node metrics are the node\'s, not its container\'s; hostPath and host namespaces are forbidden from baseline up. It still runs as nobody with no capabilities and read-only mounts.',
  };
}

export interface NodeExporterProps {
  /** Namespace of the DaemonSet (its Pod Security level: see `nodeExporterPodSecurity`). */
  readonly namespace: string;
  /** @default 'node-exporter' */
  readonly name?: string;
  /** Pinned node-exporter image (see NODE_EXPORTER_IMAGE). */
  readonly image: string;
  /** CPU request (and optional limit) and the memory limit. */
  readonly resources: Resources;
  /** The nodes' addresses: Prometheus scrapes node-exporter there (host network). */
  readonly nodes: IpBlockPeer;
  /** `app.kubernetes.io/part-of`. */
  readonly partOf: string;
}

/**
 * node-exporter on every node, control plane included, serving on the node's own address.
 * Its scrape target's flow goes to the node addresses: policies do not select host-network pods.
 */
export class NodeExporter extends Construct {
  public readonly daemonSet: k8s.KubeDaemonSet;
  public readonly scrapeTarget: ScrapeTarget;

  constructor(scope: Construct, id: string, props: NodeExporterProps) {
    super(scope, id);
    const name = props.name ?? 'node-exporter';
    const identity: AppIdentity = { name: 'node-exporter', instance: name, component: 'metrics-agent', partOf: props.partOf };
    const port = NODE_EXPORTER_IMAGE.port;
    const probe = (periodSeconds: number): k8s.Probe => ({ httpGet: { path: '/', port: k8s.IntOrString.fromNumber(port) }, periodSeconds, timeoutSeconds: 5, failureThreshold: 3 });
    const pod = workloadPod({
      identity,
      runAs: { user: NODE_EXPORTER_IMAGE.uid },
      hostNetwork: true,
      hostPID: true,
      // Every node, tainted or not (control plane included), and kept there under node pressure like Fluentd.
      tolerations: [{ operator: 'Exists' }],
      priorityClassName: 'system-node-critical',
      volumes: HOST_PATHS.map(p => ({ name: p.name, hostPath: { path: p.hostPath, type: 'Directory' } })),
      containers: [{
        name: 'node-exporter',
        image: props.image,
        args: [
          ...HOST_PATHS.map(p => `${p.flag}=${p.mountPath}`),
          // Only the node's own address, not every interface of the host.
          `--web.listen-address=$(HOST_IP):${port}`,
          `--collector.filesystem.mount-points-exclude=${NODE_EXPORTER_IMAGE.mountPointsExclude}`,
        ],
        env: [{ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }],
        ports: [{ name: 'metrics', containerPort: port, protocol: 'TCP' }],
        resources: props.resources,
        readinessProbe: probe(10),
        livenessProbe: probe(20),
        volumeMounts: HOST_PATHS.map(p => ({
          name: p.name, mountPath: p.mountPath, readOnly: true,
          // Mounts made on the node after start (new volumes) show up in the container.
          mountPropagation: p.name === 'root' ? 'HostToContainer' : undefined,
        })),
      }],
    });

    this.daemonSet = new k8s.KubeDaemonSet(this, 'daemonset', {
      metadata: { name, namespace: props.namespace },
      spec: {
        selector: { matchLabels: pod.selector },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromString('10%') } },
        template: pod.template,
      },
    });
    this.scrapeTarget = {
      job: SCRAPE_JOBS.nodeExporter,
      peer: props.nodes,
      pods: Peer.workload(name, props.namespace, selectorLabels(identity)),
      discovery: 'pods',
      port,
    };
    labelTree(this, identity);
  }
}
