import { compareStrings } from '../core/compare';
import { KubeObject } from '../core/kube-object';
import { NAMESPACE_NAME_LABEL } from '../core/platform-keys';
import { isEmptySelector, LabelSelector, Labels, matchesSelector } from '../policy/selectors';
import { describeSelector, pinnedNames } from './label-selector';
import { ANY_PORT, formatPorts, intersectPorts, isDnsOnly, isTcpWithin, normalizePorts, PortSpec, rulePorts } from './ports';
import { Workload, workloadsOf } from './workloads';

/**
 * - `workload`: pods of a Deployment/StatefulSet/DaemonSet/Job/CronJob of the render.
 * - `namespace`: pods of a namespace outside the render (ingress controller, monitoring, kube-system).
 * - `external`: an ipBlock, or `anywhere` for a rule without peers.
 * - `apiserver`: the Kubernetes API server (an ipBlock recognised as such, see `isApiserverBlock`).
 * - `dns`: cluster DNS (any egress rule allowing only port 53 to peers outside the render).
 */
export type EndpointKind = 'workload' | 'namespace' | 'external' | 'apiserver' | 'dns';

/** One end of a flow. */
export interface TrafficEndpoint {
  /** Stable id: `<namespace>/<kind>/<name>` for workloads, `namespace:…`, `cidr:…`, `anywhere`, `apiserver`, `dns` otherwise. */
  readonly id: string;
  readonly kind: EndpointKind;
  /** Plain-text name for readers. */
  readonly label: string;
  /** Namespace of a workload. */
  readonly namespace?: string;
}

/** A connection the rendered NetworkPolicies allow, from the side opening it. */
export interface TrafficFlow {
  readonly from: string;
  readonly to: string;
  /** Formatted ports (`8080/TCP`, `53/UDP`, `any`), sorted. */
  readonly ports: readonly string[];
}

/** A workload that no policy restricts in at least one direction. */
export interface UnrestrictedWorkload {
  readonly workload: string;
  /** No policy selects it for ingress: anyone may connect to it. */
  readonly ingress: boolean;
  /** No policy selects it for egress: it may connect anywhere. */
  readonly egress: boolean;
}

/** Who may talk to whom according to the rendered NetworkPolicies. Every list is sorted by id. */
export interface TrafficModel {
  /** Namespaces of the render that run workloads. */
  readonly namespaces: readonly string[];
  readonly endpoints: readonly TrafficEndpoint[];
  readonly flows: readonly TrafficFlow[];
  readonly unrestricted: readonly UnrestrictedWorkload[];
}

type Direction = 'ingress' | 'egress';

interface Rule {
  /** undefined: the rule names no peers, so it allows every peer. */
  readonly peers?: readonly any[];
  readonly ports?: readonly any[];
}

interface Policy {
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: LabelSelector;
  /** Hints a reader can give on the policy (name, annotations) about what its ipBlocks are. */
  readonly hints: string;
  /** Rules per direction the policy governs; a governed direction without rules denies everything. */
  readonly rules: Partial<Record<Direction, readonly Rule[]>>;
}

/** Conventional API server port, or a policy that says it is about the API server. */
function isApiserverBlock(policy: Policy, block: any, ports: readonly PortSpec[]): boolean {
  const hostOnly = /\/(32|128)$/.test(block.cidr ?? '');
  return ports.some((p) => 'from' in p && p.protocol === 'TCP' && p.from <= 6443 && 6443 <= p.to && p.to - p.from < 100)
    || /api-?server|kube-?api/i.test(policy.hints)
    || (hostOnly && isTcpWithin(ports, [443]));
}

function toPolicy(obj: KubeObject): Policy {
  const spec = obj.spec ?? {};
  const types: string[] = spec.policyTypes ?? ['Ingress', ...(spec.egress ? ['Egress'] : [])];
  const rules = (list: any[] | undefined, peerField: string): Rule[] =>
    (list ?? []).map((rule) => ({ peers: rule?.[peerField]?.length ? rule[peerField] : undefined, ports: rule?.ports }));
  return {
    namespace: obj.metadata.namespace ?? 'default',
    name: obj.metadata.name,
    podSelector: spec.podSelector ?? {},
    hints: [obj.metadata.name, ...Object.entries(obj.metadata.annotations ?? {}).flat()].join(' '),
    rules: {
      ...(types.includes('Ingress') ? { ingress: rules(spec.ingress, 'from') } : {}),
      ...(types.includes('Egress') ? { egress: rules(spec.egress, 'to') } : {}),
    },
  };
}

const ANYWHERE: TrafficEndpoint = { id: 'anywhere', kind: 'external', label: 'anywhere' };
const APISERVER: TrafficEndpoint = { id: 'apiserver', kind: 'apiserver', label: 'Kubernetes API server' };
const DNS: TrafficEndpoint = { id: 'dns', kind: 'dns', label: 'cluster DNS' };


class TrafficAnalysis {
  private readonly namespaceLabels = new Map<string, Labels>();
  private readonly workloads: Workload[];
  private readonly policies: Policy[];
  private readonly endpoints = new Map<string, TrafficEndpoint>();
  private readonly flowPorts = new Map<string, { from: string; to: string; ports: PortSpec[] }>();
  // The pairwise pass asks the same questions for every pair of workloads: memoised, it stays fast on large renders.
  private readonly governingPolicies = new Map<string, Policy[]>();
  private readonly selectedByPeer = new Map<any, ReadonlySet<Workload>>();

  constructor(objects: readonly KubeObject[]) {
    for (const obj of objects) {
      const ns = obj.kind === 'Namespace' ? obj.metadata.name : obj.metadata.namespace;
      if (ns === undefined) continue;
      const labels = obj.kind === 'Namespace' ? obj.metadata.labels ?? {} : {};
      this.namespaceLabels.set(ns, { ...this.namespaceLabels.get(ns), ...labels, [NAMESPACE_NAME_LABEL]: ns });
    }
    this.workloads = workloadsOf(objects);
    this.policies = objects.filter((obj) => obj.kind === 'NetworkPolicy').map(toPolicy);
  }

  model(): TrafficModel {
    for (const w of this.workloads) this.endpoints.set(w.id, { id: w.id, kind: 'workload', label: `${w.name} (${w.kind})`, namespace: w.namespace });
    for (const source of this.workloads) {
      for (const destination of this.workloads) this.internalFlow(source, destination);
    }
    for (const w of this.workloads) {
      this.externalFlows(w, 'egress');
      this.externalFlows(w, 'ingress');
    }
    const flows = [...this.flowPorts.values()]
      .map(({ from, to, ports }) => ({ from, to, ports: formatPorts(ports) }))
      .sort((a, b) => compareStrings(a.from, b.from) || compareStrings(a.to, b.to));
    return {
      namespaces: [...new Set(this.workloads.map((w) => w.namespace))].sort(),
      endpoints: [...this.endpoints.values()].sort((a, b) => compareStrings(a.id, b.id)),
      flows,
      unrestricted: this.workloads
        .map((w) => ({ workload: w.id, ingress: this.governing(w, 'ingress').length === 0, egress: this.governing(w, 'egress').length === 0 }))
        .filter((u) => u.ingress || u.egress),
    };
  }

  /** Policies of the workload's namespace that select its pods for a direction. */
  private governing(w: Workload, direction: Direction): Policy[] {
    const key = `${direction}\0${w.id}`;
    let policies = this.governingPolicies.get(key);
    if (!policies) {
      policies = this.policies.filter((p) => p.namespace === w.namespace && p.rules[direction] && matchesSelector(p.podSelector, w.podLabels));
      this.governingPolicies.set(key, policies);
    }
    return policies;
  }

  /** Workloads of the render a peer selects (a peer object belongs to one policy, so it is the key). */
  private selectedBy(policy: Policy, peer: any): ReadonlySet<Workload> {
    let selected = this.selectedByPeer.get(peer);
    if (!selected) {
      selected = new Set(peer.ipBlock ? [] : this.resolvePeer(policy, peer, []).workloads);
      this.selectedByPeer.set(peer, selected);
    }
    return selected;
  }

  /** Workloads of the render a peer selects, and the endpoints outside the render it stands for. */
  private resolvePeer(policy: Policy, peer: any, ports: readonly PortSpec[]): { workloads: Workload[]; outside: TrafficEndpoint[] } {
    if (peer.ipBlock) {
      if (isApiserverBlock(policy, peer.ipBlock, ports)) return { workloads: [], outside: [APISERVER] };
      const except: string[] = peer.ipBlock.except ?? [];
      const label = `${peer.ipBlock.cidr}${except.length ? ` except ${except.join(', ')}` : ''}`;
      return { workloads: [], outside: [{ id: `cidr:${label}`, kind: 'external', label }] };
    }
    const podsOf = (namespaces: readonly string[]) => this.workloads.filter((w) => namespaces.includes(w.namespace) && matchesSelector(peer.podSelector, w.podLabels));
    if (!peer.namespaceSelector) return { workloads: podsOf([policy.namespace]), outside: [] };
    const inside = [...this.namespaceLabels].filter(([, labels]) => matchesSelector(peer.namespaceSelector, labels)).map(([ns]) => ns);
    const pods = isEmptySelector(peer.podSelector) ? '' : ` (pods ${describeSelector(peer.podSelector)})`;
    const pinned = pinnedNames(peer.namespaceSelector);
    let outsideNames: string[];
    if (pinned) outsideNames = pinned.filter((ns) => !this.namespaceLabels.has(ns)).map((ns) => `ns ${ns}`);
    else if (isEmptySelector(peer.namespaceSelector)) outsideNames = ['any namespace'];
    else outsideNames = inside.length === 0 ? [`namespaces ${describeSelector(peer.namespaceSelector)}`] : [];
    return {
      workloads: podsOf(inside),
      outside: outsideNames.map((name) => ({ id: `namespace:${name}${pods}`, kind: 'namespace', label: `${name}${pods}` })),
    };
  }

  /**
   * Ports one side allows toward/from `peer`. `specific` is true when a rule names the peer; false when
   * only peer-less rules or the absence of any policy (unrestricted direction) allow it.
   */
  private allowance(w: Workload, direction: Direction, peer: Workload): { ports: PortSpec[]; specific: boolean } {
    const policies = this.governing(w, direction);
    if (policies.length === 0) return { ports: [...ANY_PORT], specific: false };
    const destination = direction === 'egress' ? peer : w;
    const ports: PortSpec[] = [];
    let specific = false;
    for (const policy of policies) {
      for (const rule of policy.rules[direction]!) {
        if (!rule.peers) ports.push(...rulePorts(rule.ports, destination.ports));
        else if (rule.peers.some((p) => this.selectedBy(policy, p).has(peer))) {
          ports.push(...rulePorts(rule.ports, destination.ports));
          specific = true;
        }
      }
    }
    return { ports: normalizePorts(ports), specific };
  }

  /**
   * Both ends are in the render: the source's egress AND the destination's ingress must allow it.
   * Pairs allowed only because neither side names the other (no policy, or peer-less rules) are not
   * flows of their own: they show as `anywhere` edges and in the unrestricted list.
   */
  private internalFlow(source: Workload, destination: Workload): void {
    const egress = this.allowance(source, 'egress', destination);
    const ingress = this.allowance(destination, 'ingress', source);
    if (!egress.specific && !ingress.specific) return;
    this.addFlow(source.id, destination.id, intersectPorts(egress.ports, ingress.ports));
  }

  /** Flows with peers outside the render: only this side's policies are known, the other side is assumed to allow. */
  private externalFlows(w: Workload, direction: Direction): void {
    for (const policy of this.governing(w, direction)) {
      for (const rule of policy.rules[direction]!) {
        const ports = rulePorts(rule.ports, direction === 'ingress' ? w.ports : []);
        let outside = rule.peers ? rule.peers.flatMap((p) => this.resolvePeer(policy, p, ports).outside) : [ANYWHERE];
        if (direction === 'egress' && outside.length > 0 && isDnsOnly(ports)) outside = [DNS];
        for (const endpoint of outside) {
          this.endpoints.set(endpoint.id, endpoint);
          if (direction === 'egress') this.addFlow(w.id, endpoint.id, ports);
          else this.addFlow(endpoint.id, w.id, ports);
        }
      }
    }
  }

  private addFlow(from: string, to: string, ports: readonly PortSpec[]): void {
    if (ports.length === 0) return;
    const key = `${from}\0${to}`;
    const flow = this.flowPorts.get(key) ?? { from, to, ports: [] };
    flow.ports.push(...ports);
    this.flowPorts.set(key, flow);
  }
}

/**
 * Who may talk to whom, derived only from the rendered NetworkPolicies (and the pod templates and
 * Namespaces their selectors resolve against). Policies are additive; a pod that no policy selects
 * for a direction is unrestricted in that direction (listed in `unrestricted`, not drawn as edges).
 */
export function analyzeTraffic(objects: readonly KubeObject[]): TrafficModel {
  return new TrafficAnalysis(objects).model();
}

/** The allowed flows of a render, sorted by source then destination. */
export function trafficFlows(objects: readonly KubeObject[]): TrafficFlow[] {
  return [...analyzeTraffic(objects).flows];
}
