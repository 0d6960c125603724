import { Inventory } from '../inventory';
import { CheckOptions, Report, Rule } from '../types';

/** A family of rules: its rule descriptions and one check over the whole inventory. */
export interface RuleFamily {
  readonly rules: readonly Rule[];
  check(inv: Inventory, report: Report, options?: CheckOptions): void;
}

export function rule(id: string, reason: string, hint: string): Rule {
  return { id, reason, hint };
}
