import { Pin, pinsOf, samePin } from '../config/pins';

/** A value as a table cell: an image reference, or a list of pins joined. */
function cell(value: Pin['value'] | undefined): string {
  if (value === undefined) return '—';
  return `\`${typeof value === 'string' ? value : value.join(', ')}\``;
}

/**
 * The release table: one row per component, one column per environment, as Markdown. A row whose
 * environments do not all agree is marked `≠` (a component an environment lacks counts as a difference).
 */
export function releaseTable(inputs: Readonly<Record<string, unknown>>): string {
  const names = Object.keys(inputs);
  const pins = names.map(name => new Map(pinsOf(inputs[name]).map(p => [p.component, p.value])));
  const components = [...new Set(pins.flatMap(p => [...p.keys()]))];
  const rows = components.map(component => {
    const values = pins.map(p => p.get(component));
    const differs = values.some(v => !samePin(v, values[0]));
    return `| ${differs ? '≠' : ''} | ${component} | ${values.map(cell).join(' | ')} |`;
  });
  return [
    `| | component | ${names.join(' | ')} |`,
    `| --- | --- | ${names.map(() => '---').join(' | ')} |`,
    ...rows,
  ].join('\n');
}
