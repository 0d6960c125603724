import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { renderAlertmanagerConfig } from './alertmanager-config';
import { ALERTMANAGER_CREDENTIALS_DIR } from './alertmanager-credentials';
import { AlertmanagerTarget } from './prometheus-config';
import { SCRAPE_JOBS } from './scrape-jobs';
import { ScrapeTarget } from './scrape-target';
import { DisruptionBudget } from '../core/disruption-budget';
import { contentHash } from '../core/hash';
import { AppIdentity, labelTree, selectorLabels } from '../core/labels';
import { CONFIG_HASH_ANNOTATION } from '../core/platform-keys';
import { Resources, VolumeStorage } from '../core/resources';
import { PersistentStatefulSet } from '../core/stateful-set';
import { AntiAffinity, hostAntiAffinity } from '../core/scheduling';
import { workloadPod } from '../core/workload-pod';
import { NetworkFlow } from '../network/flow';
import { FlowPort, Peer, PodsPeer } from '../network/peer';
import { DeclaredSecret } from '../secrets/declared-secret';

/**
 * How the `quay.io/prometheus/alertmanager` image behaves at the tag below, as read in
 * prometheus/alertmanager at that tag. Tests check the render, and the environments' pins, against these facts.
 */
export const ALERTMANAGER_IMAGE = {
  tag: 'v0.28.1',
  /** Dockerfile: `USER nobody` (65534, busybox base), `chown -R nobody:nobody /alertmanager`. */
  uid: 65534,
  /** Dockerfile CMD: `--config.file=/etc/alertmanager/alertmanager.yml --storage.path=/alertmanager`. */
  configFile: '/etc/alertmanager/alertmanager.yml',
  dataDir: '/alertmanager',
  port: 9093,
  /**
   * cmd/alertmanager/main.go: `--cluster.listen-address` defaults to 0.0.0.0:9094 (an empty value
   * disables HA mode); the gossip (hashicorp/memberlist) uses TCP and UDP on that port.
   */
  meshPort: 9094,
  /** featurecontrol/featurecontrol.go: `auto-gomemlimit` sets Go's GOMEMLIMIT from the container's memory limit. */
  featuresFlag: '--enable-feature=auto-gomemlimit',
  /** ui/web.go: `/-/ready` and `/-/healthy` answer 200; the HTTP server starts only once the config is loaded (main.go). */
  readyPath: '/-/ready',
  healthyPath: '/-/healthy',
} as const;

/**
 * The config when no receiver is configured: every alert to one receiver with no integration (alerts
 * are visible in the UI and API), with the platform's inhibition of `warning` by `critical`.
 */
export const DEFAULT_ALERTMANAGER_CONFIG = renderAlertmanagerConfig({ receivers: [{ name: 'default' }], defaultReceiver: 'default' });

/** Where notifications go: a flow from the Alertmanager pods to each. */
export interface ReceiverDestination {
  readonly peer: Peer;
  readonly ports: readonly number[];
}

export interface AlertmanagerProps {
  /** Namespace of every object of the component. */
  readonly namespace: string;
  /** StatefulSet and Service name; pods are `<name>-0..n`, the headless Service `<name>-headless`. @default 'alertmanager' */
  readonly name?: string;
  /** Pinned Alertmanager image (see ALERTMANAGER_IMAGE). */
  readonly image: string;
  /** Peers of one gossip cluster; 1 disables clustering. */
  readonly replicas: number;
  /** CPU request (and optional limit) and the memory limit. */
  readonly resources: Resources;
  /** Silences and the notification log, per peer. */
  readonly storage: VolumeStorage;
  /** alertmanager.yml; receiver credentials belong in mounted files, never here. @default DEFAULT_ALERTMANAGER_CONFIG */
  readonly config?: string;
  /** Notification destinations (SMTP relay, webhooks), each a flow. @default - none */
  readonly receivers?: readonly ReceiverDestination[];
  /** Secrets the config reads credential files from, each mounted at `ALERTMANAGER_CREDENTIALS_DIR/<name>`. @default - none */
  readonly credentials?: readonly DeclaredSecret[];
  /** @default 'preferred' */
  readonly antiAffinity?: AntiAffinity;
  /** @default - when replicas > 1 */
  readonly disruptionBudget?: boolean;
  /** `app.kubernetes.io/part-of`. */
  readonly partOf: string;
}

/**
 * Alertmanager as a StatefulSet: with several replicas the peers find each other through the
 * headless Service and gossip on the mesh port (a flow between its own pods), so a notification
 * is sent once and silences are shared.
 */
export class Alertmanager extends Construct {
  public readonly name: string;
  public readonly port = ALERTMANAGER_IMAGE.port;
  public readonly statefulSet: k8s.KubeStatefulSet;
  public readonly service: k8s.KubeService;
  public readonly peer: PodsPeer;
  /** Where Prometheus sends alerts. */
  public readonly alertTarget: AlertmanagerTarget;
  public readonly scrapeTarget: ScrapeTarget;
  /** The rendered alertmanager.yml. */
  public readonly config: string;

  constructor(scope: Construct, id: string, props: AlertmanagerProps) {
    super(scope, id);
    this.name = props.name ?? 'alertmanager';
    const namespace = props.namespace;
    const identity: AppIdentity = { name: 'alertmanager', instance: this.name, component: 'alerting', partOf: props.partOf };
    const selector = selectorLabels(identity);
    this.peer = Peer.workload(this.name, namespace, selector);
    this.alertTarget = { pods: this.peer, port: this.port };
    this.scrapeTarget = { job: SCRAPE_JOBS.alertmanager, peer: this.peer, discovery: 'pods', port: this.port };
    this.config = props.config ?? DEFAULT_ALERTMANAGER_CONFIG;
    const image = ALERTMANAGER_IMAGE;
    const clustered = props.replicas > 1;
    const credentials = props.credentials ?? [];

    const mesh: k8s.ServicePort[] = [
      { name: 'mesh-tcp', port: image.meshPort, targetPort: k8s.IntOrString.fromString('mesh-tcp'), protocol: 'TCP' },
      { name: 'mesh-udp', port: image.meshPort, targetPort: k8s.IntOrString.fromString('mesh-udp'), protocol: 'UDP' },
    ];
    const http: k8s.ServicePort = { name: 'http', port: this.port, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' };
    const headless = new k8s.KubeService(this, 'headless', {
      metadata: { name: `${this.name}-headless`, namespace },
      // Peers must resolve each other before they are ready, or a new cluster never forms.
      spec: { clusterIp: 'None', publishNotReadyAddresses: true, selector, ports: [http, ...clustered ? mesh : []] },
    });
    this.service = new k8s.KubeService(this, 'service', {
      metadata: { name: this.name, namespace },
      spec: { type: 'ClusterIP', selector, ports: [http] },
    });
    const configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: { name: `${this.name}-config`, namespace },
      data: { 'alertmanager.yml': this.config },
    });

    const peers = Array.from({ length: props.replicas }, (_, i) => `--cluster.peer=${this.name}-${i}.${headless.name}.${namespace}.svc:${image.meshPort}`);
    const probe = (path: string, periodSeconds: number): k8s.Probe => ({ httpGet: { path, port: k8s.IntOrString.fromString('http') }, periodSeconds, timeoutSeconds: 5, failureThreshold: 3 });
    const pod = workloadPod({
      identity,
      runAs: { user: image.uid },
      fsGroup: image.uid,
      affinity: hostAntiAffinity(props.antiAffinity ?? 'preferred', selector),
      annotations: { [CONFIG_HASH_ANNOTATION]: contentHash(this.config) },
      volumes: [
        { name: 'config', configMap: { name: configMap.name } },
        ...credentials.map(c => ({ name: c.name, secret: { secretName: c.name } })),
      ],
      containers: [{
        name: 'alertmanager',
        image: props.image,
        args: [
          `--config.file=${image.configFile}`,
          `--storage.path=${image.dataDir}`,
          image.featuresFlag,
          ...clustered
            ? [`--cluster.listen-address=0.0.0.0:${image.meshPort}`, `--cluster.advertise-address=$(POD_IP):${image.meshPort}`, ...peers]
            // A lone Alertmanager has nobody to gossip with.
            : ['--cluster.listen-address='],
        ],
        env: clustered ? [{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }] : [],
        ports: [
          { name: 'http', containerPort: this.port, protocol: 'TCP' },
          ...clustered ? [
            { name: 'mesh-tcp', containerPort: image.meshPort, protocol: 'TCP' },
            { name: 'mesh-udp', containerPort: image.meshPort, protocol: 'UDP' },
          ] : [],
        ],
        resources: props.resources,
        readinessProbe: probe(image.readyPath, 10),
        livenessProbe: probe(image.healthyPath, 20),
        volumeMounts: [
          { name: 'config', mountPath: image.configFile, subPath: 'alertmanager.yml', readOnly: true },
          { name: 'data', mountPath: image.dataDir },
          ...credentials.map(c => ({ name: c.name, mountPath: `${ALERTMANAGER_CREDENTIALS_DIR}/${c.name}`, readOnly: true })),
        ],
      }],
    });

    this.statefulSet = new PersistentStatefulSet(this, 'statefulset', {
      metadata: { name: this.name, namespace },
      spec: {
        serviceName: headless.name,
        replicas: props.replicas,
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: selector },
        template: pod.template,
      },
      claims: [{ name: 'data', storage: props.storage }],
    });
    if (props.disruptionBudget ?? clustered) {
      new DisruptionBudget(this, 'pdb', { workload: this.statefulSet, selector });
    }

    const flows = new Construct(this, 'flows');
    if (clustered) {
      const meshPorts: FlowPort[] = [{ port: image.meshPort, protocol: 'TCP' }, { port: image.meshPort, protocol: 'UDP' }];
      new NetworkFlow(flows, 'mesh', { from: this.peer, to: this.peer, ports: meshPorts, name: `${this.name}-mesh` });
    }
    (props.receivers ?? []).forEach(r => new NetworkFlow(flows, `receiver-${r.peer.name}`, { from: this.peer, to: r.peer, ports: r.ports }));
    labelTree(this, identity);
  }
}
