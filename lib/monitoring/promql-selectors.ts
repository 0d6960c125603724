/** A metric selector found in a PromQL expression. */
export interface MetricSelector {
  readonly metric: string;
  /** The value of an exact `job="..."` matcher. @default - no such matcher */
  readonly job?: string;
}

/** Words that are PromQL syntax, not metric names: operators, modifiers and aggregations (`sum by (x) (...)`). */
const KEYWORDS = new Set([
  'and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan',
  'sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk', 'topk', 'quantile',
]);
/** Modifiers followed by a parenthesised label list. */
const LABEL_LISTS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

/**
 * The metric selectors of a PromQL expression, with the `job` each one names: enough of the grammar for the
 * platform's rules (selectors, label matchers, range and subquery brackets, functions, aggregations with
 * `by`/`without`, vector matching, numbers, durations, strings). Selectors without a metric name
 * (`{__name__=...}`) are not supported and rejected.
 */
export function promqlSelectors(expr: string): MetricSelector[] {
  const found: MetricSelector[] = [];
  let i = 0;
  const skipSpace = (): void => { while (i < expr.length && /\s/.test(expr[i])) i++; };
  const skipString = (): void => {
    const quote = expr[i++];
    while (i < expr.length && expr[i] !== quote) i += expr[i] === '\\' ? 2 : 1;
    i++;
  };
  const skipUntil = (close: string): string => {
    const start = i;
    while (i < expr.length && expr[i] !== close) {
      if (expr[i] === '"' || expr[i] === '\'' || expr[i] === '`') skipString(); else i++;
    }
    i++;
    return expr.slice(start, i - 1);
  };
  while (i < expr.length) {
    const c = expr[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"' || c === '\'' || c === '`') { skipString(); continue; }
    if (c === '[') { skipUntil(']'); continue; }
    if (c === '{') throw new Error(`PromQL: a selector without a metric name in ${JSON.stringify(expr)}`);
    if (/[0-9.]/.test(c)) { while (i < expr.length && /[0-9a-zA-Z_.]/.test(expr[i])) i++; continue; }
    const word = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(expr.slice(i));
    if (!word) { i++; continue; }
    i += word[0].length;
    skipSpace();
    const name = word[0];
    if (LABEL_LISTS.has(name.toLowerCase())) {
      if (expr[i] === '(') { i++; skipUntil(')'); }
      continue;
    }
    if (KEYWORDS.has(name.toLowerCase()) || expr[i] === '(') continue;
    let job: string | undefined;
    if (expr[i] === '{') {
      i++;
      job = /(?:^|,)\s*job\s*=\s*"([^"]*)"/.exec(skipUntil('}'))?.[1];
    }
    found.push(job === undefined ? { metric: name } : { metric: name, job });
  }
  return found;
}
