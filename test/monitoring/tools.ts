import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, stringify } from 'yaml';

/** A real validator binary; a missing one fails the test that needs it (never a skip). */
export function requireTool(name: 'promtool' | 'amtool', path = process.env.PATH): string {
  const found = spawnSync('/bin/sh', ['-c', `command -v ${name}`], { encoding: 'utf8', env: { PATH: path ?? '' } });
  if (found.status !== 0) {
    throw new Error(`${name} is not installed: the monitoring tests validate with the real binary. Install it with `
      + `"apt-get install -y ${name === 'promtool' ? 'prometheus' : 'prometheus-alertmanager'}" (Debian), as .ci/run does.`);
  }
  return found.stdout.trim();
}

export interface ToolResult {
  readonly ok: boolean;
  readonly output: string;
}

/** Runs `tool args... <file>` on `content` written to a temporary file. */
export function runOnFile(tool: 'promtool' | 'amtool', args: readonly string[], fileName: string, content: string): ToolResult {
  const binary = requireTool(tool);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${tool}-`));
  try {
    const file = path.join(dir, fileName);
    fs.writeFileSync(file, content);
    const run = spawnSync(binary, [...args, file], { encoding: 'utf8' });
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

let kubernetesSd: boolean | undefined;
/**
 * Whether the installed promtool knows `kubernetes_sd_configs`. Debian's build (prometheus
 * 2.42.0+ds) leaves Kubernetes service discovery out; upstream builds include it.
 */
export function promtoolHasKubernetesSd(): boolean {
  kubernetesSd ??= runOnFile('promtool', ['check', 'config', '--syntax-only'], 'probe.yml',
    'scrape_configs: [{ job_name: probe, kubernetes_sd_configs: [{ role: pod }] }]\n').ok;
  return kubernetesSd;
}

/**
 * `promtool check config --syntax-only`: the full config model (every field, relabel regexes,
 * durations), without requiring the pod-only files (ServiceAccount token and CA) to exist here.
 * On a promtool without Kubernetes SD each `kubernetes_sd_configs` block is swapped for an empty
 * `file_sd_configs` first; `kubernetesSdProblems` checks those blocks instead.
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
