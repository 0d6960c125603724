/**
 * `npm run promote -- --from <env> --to <env> [component...]`: copies image and plugin pins from one environment
 * to the next in lib/config/environments/<to>.ts, re-renders (`npm run synth`) and prints the object-level diff of
 * the render against HEAD (`npm run diff -- HEAD`). Refuses when the target file has local changes or the source
 * environment fails the guardrails.
 */
import { spawnSync } from 'child_process';
import { environments } from '../config/environments';
import { environmentFile, promote, PromotionRefused } from './promote';

const USAGE = 'Usage: npm run promote -- --from <env> --to <env> [component...]   (components as `npm run releases` names them; default: every one that differs)';

function main(args: readonly string[]): number {
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i === -1 ? undefined : args[i + 1];
  };
  const from = flag('--from');
  const to = flag('--to');
  const components = args.filter((a, i) => !a.startsWith('--') && !['--from', '--to'].includes(args[i - 1]));
  if (!from || !to) {
    console.error(USAGE);
    return 2;
  }
  try {
    const changes = promote({ from, to, components, repoDir: process.cwd(), environments });
    if (changes.length === 0) {
      console.log(`${to} already runs the pins of ${from}: nothing to promote.`);
      return 0;
    }
    console.log(`Promoted ${from} → ${to} in ${environmentFile(to)}:`);
    for (const c of changes) console.log(`  ${c.component}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`);
  } catch (error) {
    if (!(error instanceof PromotionRefused)) throw error;
    console.error(`Refused: ${error.message}`);
    return 1;
  }
  // The synth report only matters when it fails (e.g. the promoted pin breaks a config check of the target).
  const synth = spawnSync('npm', ['run', '--silent', 'synth'], { encoding: 'utf8' });
  if (synth.status !== 0) {
    console.error(`${synth.stdout}${synth.stderr}\nnpm run synth failed after the edit: fix ${environmentFile(to)} or revert it.`);
    return 1;
  }
  return spawnSync('npm', ['run', '--silent', 'diff', '--', 'HEAD'], { stdio: 'inherit' }).status ?? 1;
}

process.exitCode = main(process.argv.slice(2));
