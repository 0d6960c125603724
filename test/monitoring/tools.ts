import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, stringify } from 'yaml';

/** The real validators the monitoring tests run, and the Debian package that provides each (`.ci/run` installs them). */
const TOOLS = { promtool: 'prometheus', amtool: 'prometheus-alertmanager' } as const;

/**
 * The path of a validator binary. A missing binary fails the test with the package to install: these
 * checks must never be skipped silently.
 */
export function tool(name: keyof typeof TOOLS, searchPath = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin']): string {
  const found = searchPath.map(dir => path.join(dir, name)).find(candidate => fs.existsSync(candidate));
  if (!found) {
    throw new Error(`${name} is not installed: the monitoring tests need the real binary. Install the Debian package `
      + `'${TOOLS[name]}' (apt-get install -y --no-install-recommends ${TOOLS[name]}; .ci/run does this).`);
  }
  return found;
}

export interface ToolResult {
  readonly status: number | null;
  readonly stdout: string;
  /** stdout and stderr together, for failure messages. */
  readonly output: string;
}

/** Runs a validator; never throws on a non-zero exit, the caller asserts on it. */
export function run(name: keyof typeof TOOLS, args: readonly string[]): ToolResult {
  const result = spawnSync(tool(name), args, { encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, output: `${result.stdout}${result.stderr}` };
}

/** A scratch directory with the given files written into it, removed when the callback returns. */
export function withFiles<T>(files: Record<string, string>, callback: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'monitoring-'));
  try {
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
    return callback(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `name args... <file>` on `content` written to a scratch file. */
export function runOnFile(name: keyof typeof TOOLS, args: readonly string[], fileName: string, content: string): ToolResult {
  return withFiles({ [fileName]: content }, dir => run(name, [...args, path.join(dir, fileName)]));
}

let kubernetesSd: boolean | undefined;
/**
 * Whether the installed promtool knows `kubernetes_sd_configs`. Debian's build (prometheus
 * 2.42.0+ds) leaves Kubernetes service discovery out; upstream builds include it.
 */
export function promtoolHasKubernetesSd(): boolean {
  kubernetesSd ??= runOnFile('promtool', ['check', 'config', '--syntax-only'], 'probe.yml',
    'scrape_configs: [{ job_name: probe, kubernetes_sd_configs: [{ role: pod }] }]\n').status === 0;
  return kubernetesSd;
}

/**
 * `promtool check config --syntax-only`: the full config model (every field, relabel regexes,
 * durations), without requiring the pod-only files (ServiceAccount token and CA) to exist here.
 * On a promtool without Kubernetes SD each `kubernetes_sd_configs` block is swapped for a
 * `file_sd_configs` block first; `kubernetesSdProblems` checks those blocks instead.
 */
export function promtoolCheckConfig(config: string): ToolResult {
  const text = promtoolHasKubernetesSd() ? config : stringify(withoutKubernetesSd(parse(config)));
  return runOnFile('promtool', ['check', 'config', '--syntax-only'], 'prometheus.yml', text);
}

function withoutKubernetesSd(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutKubernetesSd);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => k === 'kubernetes_sd_configs'
    ? ['file_sd_configs', [{ files: ['/nonexistent/*.json'] }]]
    : [k, withoutKubernetesSd(v)]));
}

/** discovery/kubernetes/kubernetes.go (v2.55.1) `allowedSelectors`: each role, and the selector roles it takes. */
const SD_SELECTORS: Record<string, string[]> = {
  pod: ['pod'], service: ['service'], endpointslice: ['pod', 'service', 'endpointslice'],
  endpoints: ['pod', 'service', 'endpoints'], node: ['node'], ingress: ['ingress'],
};
/** The same file's SDConfig fields (the inline HTTP client fields are not used here). */
const SD_FIELDS = ['role', 'namespaces', 'selectors', 'api_server', 'kubeconfig_file', 'attach_metadata'];

/** What upstream's SDConfig.UnmarshalYAML would reject in the config's `kubernetes_sd_configs` blocks. */
export function kubernetesSdProblems(config: string): string[] {
  const problems: string[] = [];
  const visit = (value: unknown, where: string) => {
    if (Array.isArray(value)) return value.forEach((v, i) => visit(v, `${where}[${i}]`));
    if (value === null || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) {
      if (key !== 'kubernetes_sd_configs') { visit(v, `${where}.${key}`); continue; }
      (v as Record<string, any>[]).forEach((sd, i) => {
        const at = `${where}.${key}[${i}]`;
        if (!SD_SELECTORS[sd.role]) problems.push(`${at}: unknown role ${sd.role}`);
        for (const field of Object.keys(sd).filter(f => !SD_FIELDS.includes(f))) problems.push(`${at}: unknown field ${field}`);
        for (const s of sd.selectors ?? []) {
          if (!(SD_SELECTORS[sd.role] ?? []).includes(s.role)) problems.push(`${at}: ${sd.role} role does not take ${s.role} selectors`);
          if (typeof s.label !== 'string' || !/^[\w./-]+=[\w.-]*(,[\w./-]+=[\w.-]*)*$/.test(s.label)) problems.push(`${at}: bad label selector ${s.label}`);
        }
      });
    }
  };
  visit(parse(config), '$');
  return problems;
}
