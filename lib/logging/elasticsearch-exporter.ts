import { readFileSync } from 'fs';
import { join } from 'path';
import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { Elasticsearch } from './elasticsearch';
import { elasticsearchCa } from './elasticsearch-ca';
import { SetupStep } from './setup-step';
import { AppIdentity, labelTree, selectorLabels } from '../core/labels';
import { Resources } from '../core/resources';
import { workloadPod } from '../core/workload-pod';
import { SCRAPE_JOBS } from '../monitoring/scrape-jobs';
import { ScrapeTarget } from '../monitoring/scrape-target';
import { NetworkFlow } from '../network/flow';
import { Peer, PodsPeer } from '../network/peer';
import { DeclaredSecret } from '../secrets/declared-secret';

const STEP = readFileSync(join(__dirname, 'es-exporter-user.sh'), 'utf8');

/**
 * How `quay.io/prometheuscommunity/elasticsearch-exporter` behaves at the tag below, as read in
 * prometheus-community/elasticsearch_exporter at that tag (the version EXPORTER_METRICS was read at).
 */
export const ELASTICSEARCH_EXPORTER_IMAGE = {
  tag: 'v1.9.0',
  /** Dockerfile: busybox base, `USER nobody` (65534), ENTRYPOINT the exporter binary. */
  uid: 65534,
  /** main.go: exporter-toolkit `--web.listen-address` default `:9114`, metrics at `/metrics`. */
  port: 9114,
  /** main.go: `/healthz` answers 200 whenever the HTTP server runs (it does not call Elasticsearch). */
  healthzPath: '/healthz',
  /** main.go: basic-auth credentials come from these variables (kept off the command line). */
  userEnv: 'ES_USERNAME',
  passwordEnv: 'ES_PASSWORD',
  /**
   * main.go and collector/*.go: `--es.all` reads every node's stats (the default `_local` is the node the
   * Service picked); `--es.ca` verifies TLS; `--collector.slm` (registered in collector/slm.go, off by
   * default) reads `GET /_slm/status` and `GET /_slm/stats`.
   */
  flags: { uri: '--es.uri', allNodes: '--es.all', ca: '--es.ca', slm: '--collector.slm' },
} as const;

/**
 * Cluster privileges of the exporter's role. Health (`_cluster/health`), node stats (`_nodes/stats`) and the
 * cluster info (`GET /`) need `monitor`. SLM: `read_slm` covers `_slm/status`, but `_slm/stats` is its own
 * action (`cluster:admin/slm/stats`, not in `read_slm`: elastic/elasticsearch ClusterPrivilegeResolver), granted
 * by name rather than through `manage_slm`, which could also change and stop SLM.
 */
export function exporterClusterPrivileges(slm: boolean): string[] {
  return ['monitor', ...slm ? ['read_slm', 'cluster:admin/slm/stats'] : []];
}

export interface ElasticsearchExporterProps {
  /** The cluster it reads (URL, CA, namespace, peer); the exporter runs in its namespace. */
  readonly elasticsearch: Elasticsearch;
  /** Pinned elasticsearch-exporter image (see ELASTICSEARCH_EXPORTER_IMAGE). */
  readonly image: string;
  readonly resources: Resources;
  /** Password of the exporter's Elasticsearch user (key `password`), set by the setup Job's step. */
  readonly password: DeclaredSecret;
  /** @default 'metrics_exporter' */
  readonly user?: string;
  /** Export SLM (snapshot) statistics: only where a snapshot policy exists. @default false */
  readonly slm?: boolean;
  /** @default 'elasticsearch-exporter' */
  readonly name?: string;
  /** `app.kubernetes.io/part-of`. */
  readonly partOf: string;
}

/**
 * One prometheus-community elasticsearch_exporter for the whole cluster, as a Deployment next to
 * Elasticsearch: it reads the cluster through the Service with `--es.all`, so exporter changes never
 * restart an Elasticsearch pod. It logs in as a least-privilege user the setup Job creates
 * ({@link setupStep}).
 */
export class ElasticsearchExporter extends Construct {
  public readonly peer: PodsPeer;
  public readonly deployment: k8s.KubeDeployment;
  public readonly scrapeTarget: ScrapeTarget;
  /** Creates the exporter's role and user; the setup Job runs it. */
  public readonly setupStep: SetupStep;

  constructor(scope: Construct, id: string, props: ElasticsearchExporterProps) {
    super(scope, id);
    const es = props.elasticsearch;
    const name = props.name ?? 'elasticsearch-exporter';
    const user = props.user ?? 'metrics_exporter';
    const slm = props.slm ?? false;
    const image = ELASTICSEARCH_EXPORTER_IMAGE;
    const identity: AppIdentity = { name: 'elasticsearch-exporter', instance: name, component: 'metrics', partOf: props.partOf };
    const ca = es.caSecretName ? elasticsearchCa(es.caSecretName) : undefined;

    const probe = (periodSeconds: number): k8s.Probe => ({
      httpGet: { path: image.healthzPath, port: k8s.IntOrString.fromString('http-metrics') }, periodSeconds, timeoutSeconds: 5,
    });
    const pod = workloadPod({
      identity,
      runAs: { user: image.uid },
      containers: [{
        name: 'exporter',
        image: props.image,
        args: [
          `${image.flags.uri}=${es.url}`,
          image.flags.allNodes,
          ...ca ? [`${image.flags.ca}=${ca.file}`] : [],
          ...slm ? [image.flags.slm] : [],
        ],
        env: [
          { name: image.userEnv, value: user },
          { name: image.passwordEnv, valueFrom: props.password.keyRef('password') },
        ],
        ports: [{ name: 'http-metrics', containerPort: image.port, protocol: 'TCP' }],
        resources: props.resources,
        readinessProbe: probe(10),
        livenessProbe: probe(20),
        volumeMounts: ca ? [ca.mount] : [],
      }],
      volumes: ca ? [ca.volume] : [],
    });
    this.peer = Peer.workload(name, es.namespace, selectorLabels(identity));
    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name, namespace: es.namespace },
      // One is enough: a second would export every series twice; a gap while it restarts is a scrape or two.
      spec: { replicas: 1, selector: { matchLabels: pod.selector }, template: pod.template },
    });
    this.scrapeTarget = { job: SCRAPE_JOBS.elasticsearch, peer: this.peer, discovery: 'pods', port: image.port };
    this.setupStep = {
      script: STEP,
      parameters: { EXPORTER_USER: user, EXPORTER_CLUSTER_PRIVILEGES: JSON.stringify(exporterClusterPrivileges(slm)) },
      passwords: { EXPORTER_PASSWORD: props.password },
    };
    new NetworkFlow(this, 'to-elasticsearch', { from: this.peer, to: es.peer, ports: [es.httpPort] });
    labelTree(this, identity);
  }
}
