import { compareStrings } from '../core/compare';
import { analyzeTraffic, EndpointKind, TrafficModel } from './traffic-flows';

/** A drawn edge: flows sharing a destination and ports collapse into one edge from a namespace when all its workloads have them (and likewise for destinations). */
interface Edge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

/** Mermaid shape per endpoint kind (outside peers look different from the render's own workloads). */
const SHAPE: Readonly<Record<EndpointKind, [string, string]>> = {
  workload: ['["', '"]'],
  namespace: ['(["', '"])'],
  external: ['[/"', '"/]'],
  apiserver: ['{{"', '"}}'],
  dns: ['(("', '"))'],
};

const CLASS_DEFS = [
  'classDef namespace fill:#f4f4f4,stroke:#888',
  'classDef external fill:#fff4e0,stroke:#c80',
  'classDef apiserver fill:#e8f0ff,stroke:#36c',
  'classDef dns fill:#eefaf0,stroke:#393',
  'classDef open stroke:#c00,stroke-width:2px,stroke-dasharray:5 3',
];

const NAMESPACE_GROUP = 'group:';

/** Mermaid ids derived from the endpoint ids, so a changed policy changes few lines of the file. */
function mermaidIds(ids: readonly string[]): Map<string, string> {
  const result = new Map<string, string>();
  const used = new Set<string>();
  for (const id of [...ids].sort(compareStrings)) {
    const base = id.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'node';
    let candidate = base;
    for (let n = 2; used.has(candidate); n++) candidate = `${base}_${n}`;
    used.add(candidate);
    result.set(id, candidate);
  }
  return result;
}

function quote(text: string): string {
  return text.replace(/"/g, '#quot;');
}

/** Collapses the `side` ends of edges that share the other end and label into their namespace when they cover it. */
function collapse(edges: readonly Edge[], side: 'from' | 'to', members: ReadonlyMap<string, readonly string[]>): Edge[] {
  const other = side === 'from' ? 'to' : 'from';
  const groups = new Map<string, Edge[]>();
  for (const edge of edges) groups.set(`${edge[other]}\0${edge.label}`, [...(groups.get(`${edge[other]}\0${edge.label}`) ?? []), edge]);
  const result: Edge[] = [];
  for (const group of groups.values()) {
    let ends = new Set(group.map((edge) => edge[side]));
    for (const [ns, workloads] of members) {
      if (workloads.length > 1 && workloads.every((w) => ends.has(w))) {
        ends = new Set([...[...ends].filter((end) => !workloads.includes(end)), `${NAMESPACE_GROUP}${ns}`]);
      }
    }
    for (const end of ends) result.push({ ...group[0], [side]: end });
  }
  return result.sort((a, b) => compareStrings(a.from, b.from) || compareStrings(a.to, b.to) || compareStrings(a.label, b.label));
}

function edgeArrow(kind: EndpointKind | undefined): string {
  if (kind === 'dns') return '-.->';
  if (kind === 'apiserver') return '==>';
  return '-->';
}

function openNote(model: TrafficModel, id: string): string {
  const open = model.unrestricted.find((u) => u.workload === id);
  if (!open) return '';
  return `<br/>${[open.ingress ? 'ingress' : '', open.egress ? 'egress' : ''].filter(Boolean).join(' + ')} unrestricted`;
}

/**
 * Markdown page with a Mermaid flowchart of the traffic the rendered NetworkPolicies allow, and the
 * same flows as a table. Deterministic: the same objects always give the same text.
 */
export function renderTrafficDiagram(objects: any[], env: string): string {
  const model = analyzeTraffic(objects);
  const endpoints = new Map(model.endpoints.map((e) => [e.id, e]));
  const members = new Map(model.namespaces.map((ns) => [ns, model.endpoints.filter((e) => e.namespace === ns).map((e) => e.id)]));
  const edges = collapse(collapse(model.flows.map((f) => ({ from: f.from, to: f.to, label: f.ports.join(', ') })), 'from', members), 'to', members);
  const ids = mermaidIds([...endpoints.keys(), ...model.namespaces.map((ns) => `${NAMESPACE_GROUP}${ns}`)]);
  const name = (id: string) => {
    if (id.startsWith(NAMESPACE_GROUP)) return `all workloads in ${id.slice(NAMESPACE_GROUP.length)}`;
    const e = endpoints.get(id)!;
    return e.namespace ? `${e.label} in ${e.namespace}` : e.label;
  };

  const lines = [
    `# Allowed traffic: ${env}`,
    '',
    'Generated from the NetworkPolicies rendered in this folder (do not edit). A flow between two workloads of this render is drawn only when',
    "the source's egress policies AND the destination's ingress policies allow it; a peer outside this render (another namespace,",
    'an IP block, the API server, DNS) is drawn when the policies here allow it. Dotted edges are DNS, thick edges the API server.',
    '',
  ];
  if (model.namespaces.length === 0) return [...lines, 'No workloads in this render.', ''].join('\n');

  lines.push('```mermaid', 'flowchart LR');
  for (const ns of model.namespaces) {
    lines.push(`  subgraph ${ids.get(`${NAMESPACE_GROUP}${ns}`)}["namespace ${quote(ns)}"]`);
    for (const id of members.get(ns)!) {
      const e = endpoints.get(id)!;
      lines.push(`    ${ids.get(id)}${SHAPE.workload[0]}${quote(e.label + openNote(model, id))}${SHAPE.workload[1]}`);
    }
    lines.push('  end');
  }
  const outside = model.endpoints.filter((e) => e.kind !== 'workload');
  for (const e of outside) lines.push(`  ${ids.get(e.id)}${SHAPE[e.kind][0]}${quote(e.label)}${SHAPE[e.kind][1]}`);
  for (const edge of edges) {
    lines.push(`  ${ids.get(edge.from)} ${edgeArrow(endpoints.get(edge.to)?.kind)}|"${quote(edge.label)}"| ${ids.get(edge.to)}`);
  }
  lines.push(...CLASS_DEFS.map((def) => `  ${def}`));
  for (const kind of ['namespace', 'external', 'apiserver', 'dns'] as const) {
    const styled = outside.filter((e) => e.kind === kind).map((e) => ids.get(e.id));
    if (styled.length > 0) lines.push(`  class ${styled.join(',')} ${kind}`);
  }
  if (model.unrestricted.length > 0) lines.push(`  class ${model.unrestricted.map((u) => ids.get(u.workload)).join(',')} open`);
  lines.push('```', '', '## Allowed flows', '');
  if (edges.length === 0) lines.push('No flow drawn: no policy allows a specific peer.', '');
  else lines.push('| From | To | Ports |', '|---|---|---|', ...edges.map((e) => `| ${name(e.from)} | ${name(e.to)} | ${e.label} |`), '');
  if (model.unrestricted.length > 0) {
    lines.push(
      '## Not restricted by any policy',
      '',
      'No NetworkPolicy selects these workloads for a direction, so every flow in that direction is allowed (not drawn).',
      '',
      '| Workload | Ingress | Egress |',
      '|---|---|---|',
      ...model.unrestricted.map((u) => `| ${name(u.workload)} | ${u.ingress ? 'unrestricted' : 'restricted'} | ${u.egress ? 'unrestricted' : 'restricted'} |`),
      '',
    );
  }
  return lines.join('\n');
}
