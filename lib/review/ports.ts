import { ContainerPort } from './workloads';

/** A port range of one protocol (a single port when `from === to`). */
export interface PortRange {
  readonly protocol: string;
  readonly from: number;
  readonly to: number;
}

/** A named port that no container of the destination declares (e.g. toward a peer outside the render). */
export interface NamedPort {
  readonly protocol: string;
  readonly name: string;
}

export type PortSpec = PortRange | NamedPort;

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const MAX_PORT = 65535;

/** Every port of every protocol: a rule without `ports`, or a direction no policy restricts. */
export const ANY_PORT: readonly PortSpec[] = PROTOCOLS.map((protocol) => ({ protocol, from: 1, to: MAX_PORT }));

function isRange(port: PortSpec): port is PortRange {
  return 'from' in port;
}

/** The `ports` of a NetworkPolicy rule; named ports resolve against the destination's container ports when known. */
export function rulePorts(ports: readonly any[] | undefined, destination: readonly ContainerPort[] = []): PortSpec[] {
  if (!ports || ports.length === 0) return [...ANY_PORT];
  return ports.map((p): PortSpec => {
    const protocol: string = p.protocol ?? 'TCP';
    if (p.port === undefined) return { protocol, from: 1, to: MAX_PORT };
    if (typeof p.port === 'number') return { protocol, from: p.port, to: p.endPort ?? p.port };
    const declared = destination.find((c) => c.name === p.port && c.protocol === protocol);
    return declared ? { protocol, from: declared.containerPort, to: declared.containerPort } : { protocol, name: p.port };
  });
}

/** Ports allowed by both sides. */
export function intersectPorts(a: readonly PortSpec[], b: readonly PortSpec[]): PortSpec[] {
  const result: PortSpec[] = [];
  for (const x of a) {
    for (const y of b) {
      if (x.protocol !== y.protocol) continue;
      if (isRange(x) && isRange(y)) {
        const from = Math.max(x.from, y.from);
        const to = Math.min(x.to, y.to);
        if (from <= to) result.push({ protocol: x.protocol, from, to });
      } else if (!isRange(x) && !isRange(y) && x.name === y.name) result.push(x);
      // A named port that did not resolve stays a name: it meets a full range (any port), not a number.
      else if (isRange(x) && !isRange(y) && x.from === 1 && x.to === MAX_PORT) result.push(y);
      else if (!isRange(x) && isRange(y) && y.from === 1 && y.to === MAX_PORT) result.push(x);
    }
  }
  return normalizePorts(result);
}

/** Sorted by protocol then port, overlapping and adjacent ranges merged, duplicates dropped. */
export function normalizePorts(ports: readonly PortSpec[]): PortSpec[] {
  const result: PortSpec[] = [];
  for (const protocol of [...new Set(ports.map((p) => p.protocol))].sort()) {
    const ranges = ports.filter((p): p is PortRange => p.protocol === protocol && isRange(p)).sort((a, b) => a.from - b.from);
    const merged: PortRange[] = [];
    for (const range of ranges) {
      const last = merged[merged.length - 1];
      if (last && range.from <= last.to + 1) merged[merged.length - 1] = { protocol, from: last.from, to: Math.max(last.to, range.to) };
      else merged.push(range);
    }
    const names = [...new Set(ports.filter((p): p is NamedPort => p.protocol === protocol && !isRange(p)).map((p) => p.name))].sort();
    result.push(...merged, ...names.map((name) => ({ protocol, name })));
  }
  return result;
}

/** `8080/TCP`, `8000-8100/TCP`, `http/TCP`, `any/UDP`; `any` when every port of every protocol is allowed. */
export function formatPorts(ports: readonly PortSpec[]): string[] {
  const normalized = normalizePorts(ports);
  const full = (p: PortSpec) => isRange(p) && p.from === 1 && p.to === MAX_PORT;
  if (PROTOCOLS.every((protocol) => normalized.some((p) => p.protocol === protocol && full(p)))) return ['any'];
  return normalized.map((p) => {
    if (!isRange(p)) return `${p.name}/${p.protocol}`;
    if (full(p)) return `any/${p.protocol}`;
    return `${p.from === p.to ? p.from : `${p.from}-${p.to}`}/${p.protocol}`;
  });
}

/** True when the ports are exactly DNS (53 over UDP and/or TCP). */
export function isDnsOnly(ports: readonly PortSpec[]): boolean {
  return ports.length > 0 && ports.every((p) => isRange(p) && p.from === 53 && p.to === 53 && (p.protocol === 'UDP' || p.protocol === 'TCP'));
}

/** True when every port is one of `numbers` over TCP. */
export function isTcpWithin(ports: readonly PortSpec[], numbers: readonly number[]): boolean {
  return ports.length > 0 && ports.every((p) => isRange(p) && p.protocol === 'TCP' && p.from === p.to && numbers.includes(p.from));
}
