/**
 * The assertions of `npm run e2e` (e2e/run.sh), kept out of the shell so they can be tested against
 * recorded responses (test/e2e/recorded/). Each check returns `undefined` when it holds, else the
 * failure message the run prints.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A failure message, or `undefined` when the check holds. */
export type CheckResult = string | undefined;

/** What an Elasticsearch `_search` response is read for. */
interface SearchResponse {
  readonly hits?: { readonly hits?: readonly { readonly _index?: string; readonly _source?: Record<string, unknown> }[] };
}

/**
 * The marker line was indexed with its pod's metadata: a hit whose `message` (the key
 * fluent-plugin-parser-cri writes, see FLUENTD_IMAGE_FACTS) contains the marker and whose
 * `kubernetes.namespace_name` and `kubernetes.pod_name` (added by kubernetes_metadata) name the pod.
 */
export function markerIndexed(response: SearchResponse, marker: string, namespace: string, pod: string): CheckResult {
  const hits = (response.hits?.hits ?? []).filter((hit) => String(hit._source?.message ?? '').includes(marker));
  if (hits.length === 0) return `no document with "${marker}" in its message`;
  const meta = (hit: (typeof hits)[number]) => (hit._source?.kubernetes ?? {}) as Record<string, unknown>;
  if (hits.some((hit) => meta(hit).namespace_name === namespace && meta(hit).pod_name === pod)) return undefined;
  const seen = hits.map((hit) => `namespace_name=${String(meta(hit).namespace_name)} pod_name=${String(meta(hit).pod_name)}`);
  return `"${marker}" was indexed, but not with kubernetes.namespace_name=${namespace} and kubernetes.pod_name=${pod} (got ${seen.join('; ')})`;
}

/** Kibana 8 `GET /api/status`: `status.overall.level` is `available`. */
export function kibanaAvailable(status: { readonly status?: { readonly overall?: { readonly level?: string; readonly summary?: string } } }): CheckResult {
  const overall = status.status?.overall;
  if (overall?.level === 'available') return undefined;
  return `Kibana status is ${overall?.level ?? 'unknown'}${overall?.summary ? `: ${overall.summary}` : ''}`;
}

/** The bounds for the share of requests answered by the canary. */
export interface CanaryBounds {
  /** The lowest accepted share, e.g. 0.1. */
  readonly min: number;
  /** The highest accepted share, e.g. 0.3. */
  readonly max: number;
}

/**
 * Requests through the ingress, one line each: `<http status> <version>` (e2e/run.sh writes the status
 * curl reports and the `Version: x` line hello-app prints). Every request answers 200, and the share
 * answered by `canaryVersion` is within the bounds.
 */
export function canaryShare(lines: string, canaryVersion: string, bounds: CanaryBounds): CheckResult {
  const records = lines.split('\n').filter((line) => line.trim() !== '').map((line) => {
    const [status, ...version] = line.trim().split(/\s+/);
    return { status, version: version.join(' ') };
  });
  if (records.length === 0) return 'no requests recorded';
  const failed = records.filter((record) => record.status !== '200');
  if (failed.length > 0) return `${failed.length} of ${records.length} requests did not answer 200 (e.g. ${failed[0].status})`;
  const canary = records.filter((record) => record.version === canaryVersion).length;
  const share = canary / records.length;
  const percent = (value: number) => `${Math.round(value * 100)} %`;
  if (share < bounds.min || share > bounds.max) {
    return `${canary} of ${records.length} requests (${percent(share)}) reached the canary ${canaryVersion}; expected ${percent(bounds.min)} to ${percent(bounds.max)}`;
  }
  return undefined;
}

/**
 * `kubectl diff` exits 0 when the cluster already matches the files, 1 when it differs, and above 1 when
 * diff itself failed (kubectl v1.27.16 `pkg/cmd/diff/diff.go`: "Exit status: 0 No differences were found.
 * 1 Differences were found. >1 Kubectl or diff failed with an error.").
 */
export function applyIsNoOp(diffExitCode: number, diffOutput: string): CheckResult {
  if (diffExitCode === 0) return undefined;
  if (diffExitCode === 1) {
    const objects = [...diffOutput.matchAll(/^diff -u -N \S+\/(\S+) \S+$/gm)].map((match) => match[1]);
    return `a second apply would change ${objects.length} object(s): ${objects.join(', ') || 'see the diff'}`;
  }
  return `kubectl diff failed (exit ${diffExitCode})`;
}

/**
 * Objects an ApplySet apply prunes: kubectl prints `<kind>/<name> pruned` (with ` (server dry run)`
 * under `--dry-run=server`, kubectl v1.27.16 `pkg/cmd/apply/prune.go`).
 */
export function prunedObjects(applyOutput: string): string[] {
  return [...applyOutput.matchAll(/^(\S+) pruned(?: \(server dry run\))?$/gm)].map((match) => match[1]);
}

/** A second apply of the same files prunes nothing. */
export function nothingPruned(applyOutput: string): CheckResult {
  const pruned = prunedObjects(applyOutput);
  return pruned.length === 0 ? undefined : `a second apply would prune ${pruned.length} object(s): ${pruned.join(', ')}`;
}

/** Jenkins `GET /job/<name>/<n>/api/json`: the build finished with `SUCCESS`. */
export function jenkinsBuildSucceeded(build: { readonly building?: boolean; readonly result?: string | null }): CheckResult {
  if (build.building !== false) return 'the build is still running';
  return build.result === 'SUCCESS' ? undefined : `the build finished with ${build.result ?? 'no result'}`;
}

/** The build's console (`/consoleText`) has `expected` as a line of its own: the step's output, not the echoed command. */
export function consoleHasLine(console: string, expected: string): CheckResult {
  return console.split(/\r?\n/).some((line) => line.trim() === expected) ? undefined : `the console output has no line "${expected}"`;
}

/** `kubectl get pods -o json`: no pod is left. */
export function noPodsLeft(list: { readonly items?: readonly { readonly metadata?: { readonly name?: string } }[] }): CheckResult {
  const names = (list.items ?? []).map((pod) => pod.metadata?.name ?? '?');
  return names.length === 0 ? undefined : `${names.length} pod(s) left: ${names.join(', ')}`;
}

/** The rendered objects of a render folder (`*.k8s.yaml`, not its sub-folders), in file order. */
function renderedObjects(envDir: string): any[] {
  return readdirSync(envDir).filter((file) => file.endsWith('.k8s.yaml')).sort().flatMap((file) =>
    parseAllDocuments(readFileSync(join(envDir, file), 'utf8')).map((doc) => doc.toJS()).filter((obj) => obj !== null));
}

/**
 * The TLS Secrets the render's Ingresses name and the operator supplies in dev (docs/secrets.md): `<namespace>
 * <secret> <host>` per Ingress TLS host, once each.
 */
export function renderedTlsSecrets(envDir: string): string[] {
  const lines = renderedObjects(envDir).filter((obj) => obj.kind === 'Ingress')
    .flatMap((ingress) => (ingress.spec?.tls ?? []).flatMap((tls: any) => (tls.hosts ?? []).map((host: string) => `${ingress.metadata.namespace} ${tls.secretName} ${host}`)));
  return [...new Set(lines)];
}

/** What the run waits for after applying: `<namespace> <kind> <name>` per workload and Job of a render folder. */
export function renderedWorkloads(envDir: string): string[] {
  const kinds = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'];
  return renderedObjects(envDir).filter((obj) => kinds.includes(obj.kind ?? ''))
    .map((obj) => `${obj.metadata?.namespace} ${obj.kind.toLowerCase()} ${obj.metadata?.name}`);
}
