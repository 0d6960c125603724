import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { setEnvironmentValue } from './source-edit';
import { synthesize, GuardrailError } from '../../main';
import { pinsOf, samePin } from '../config/pins';
import { formatViolations } from '../policy/format';

/** Promotion refused: nothing was written. */
export class PromotionRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromotionRefused';
  }
}

export interface PromoteOptions {
  /** Environment whose pins are copied. */
  readonly from: string;
  /** Environment whose file is edited. */
  readonly to: string;
  /** Components to promote (`npm run releases` names them). @default - every component that differs */
  readonly components?: readonly string[];
  /** Repository root holding `lib/config/environments/<to>.ts`. */
  readonly repoDir: string;
  /** The environments as declared (`lib/config/environments`), by name. */
  readonly environments: Readonly<Record<string, unknown>>;
  /**
   * The guardrail violations of an environment's render, as text; empty when it passes.
   * @default - renders the environment as `npm run synth` does and runs the guardrails
   */
  readonly guardrails?: (name: string) => string;
}

/** One pin copied. */
export interface PromotedPin {
  readonly component: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** The file an environment is declared in, relative to the repository root. */
export function environmentFile(name: string): string {
  return path.join('lib', 'config', 'environments', `${name}.ts`);
}

/**
 * Copies the pins of `from` into the source file of `to`. Refuses, writing nothing, when the target file has
 * local changes (the edit must be the only change a reviewer sees in it) or the source environment's render
 * fails the guardrails (a release is promoted only from an environment that passes them).
 */
export function promote(options: PromoteOptions): PromotedPin[] {
  const { from, to, repoDir, environments } = options;
  for (const name of [from, to]) {
    if (!(name in environments)) throw new PromotionRefused(`unknown environment "${name}"; expected one of ${Object.keys(environments).join(', ')}`);
  }
  if (from === to) throw new PromotionRefused('--from and --to name the same environment');
  const file = environmentFile(to);
  const status = execFileSync('git', ['status', '--porcelain', '--', file], { cwd: repoDir, encoding: 'utf8' });
  if (status.trim() !== '') throw new PromotionRefused(`${file} has local changes; commit or stash them first, so the promotion is the only change in it:\n${status.trimEnd()}`);
  const violations = (options.guardrails ?? renderViolations(environments))(from);
  if (violations) throw new PromotionRefused(`${from} fails the guardrails; fix it before promoting from it:\n${violations}`);

  const source = new Map(pinsOf(environments[from]).map(p => [p.component, p]));
  const target = new Map(pinsOf(environments[to]).map(p => [p.component, p]));
  const unknown = (options.components ?? []).filter(c => !source.has(c));
  if (unknown.length > 0) throw new PromotionRefused(`unknown component ${unknown.join(', ')} in ${from}; expected one of ${[...source.keys()].join(', ')}`);
  // A component the target lacks (e.g. a canary image where the target delivers rolling) is a shape change, not a pin.
  const absent = (options.components ?? []).filter(c => !target.has(c));
  if (absent.length > 0) throw new PromotionRefused(`${to} has no ${absent.join(', ')}: that is a change of shape, not of pins; edit ${environmentFile(to)} by hand`);
  const wanted = options.components?.length ? options.components : [...source.keys()].filter(c => target.has(c));
  const changes = wanted.map(c => source.get(c)!).filter(pin => !samePin(pin.value, target.get(pin.component)!.value));

  const absolute = path.join(repoDir, file);
  let text = fs.readFileSync(absolute, 'utf8');
  for (const pin of changes) {
    // The target's own path for the component (list indices can differ between environments).
    text = setEnvironmentValue(text, file, target.get(pin.component)!.path, pin.value, environments[to]);
  }
  if (changes.length > 0) fs.writeFileSync(absolute, text);
  return changes.map(pin => ({ component: pin.component, before: target.get(pin.component)!.value, after: pin.value }));
}

/** The real check: render `name` as synth does, into a scratch folder, and report its guardrail violations. */
function renderViolations(environments: Readonly<Record<string, unknown>>) {
  return (name: string): string => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'promote-'));
    try {
      synthesize({ [name]: environments[name] }, { stageDir: path.join(scratch, 'stage'), distDir: path.join(scratch, 'dist') });
      return '';
    } catch (error) {
      if (error instanceof GuardrailError) return Object.values(error.violations).map(v => formatViolations(v)).join('\n');
      throw error;
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  };
}
