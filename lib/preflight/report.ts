import { Finding, Status } from './finding';

const MARK: Readonly<Record<Status, string>> = { ok: 'ok', missing: 'MISSING', unknown: 'UNKNOWN', unverified: 'UNVERIFIED' };

/**
 * A plain-text report: one line per prerequisite (status, check, subject, what was found), and under
 * each that is not ok the fix and the config fields to change, prefixed with the environment.
 */
export function formatReport(env: string, findings: readonly Finding[]): string {
  const width = (pick: (f: Finding) => string) => Math.max(...findings.map(f => pick(f).length));
  const [w1, w2, w3] = [width(f => MARK[f.status]), width(f => f.check), width(f => f.subject)];
  const lines = findings.flatMap(f => {
    const row = `${MARK[f.status].padEnd(w1)}  ${f.check.padEnd(w2)}  ${f.subject.padEnd(w3)}  ${f.detail}`;
    if (f.status === 'ok') return [row];
    return [
      row,
      ...(f.fix ? `fix: ${f.fix}`.split('\n').map(line => `${' '.repeat(w1 + 2)}${line}`) : []),
      ...(f.fields.length ? [`${' '.repeat(w1 + 2)}config: ${f.fields.map(field => `${env}: ${field}`).join(', ')}`] : []),
    ];
  });
  const count = (status: Status) => findings.filter(f => f.status === status).length;
  const summary = `${env}: ${findings.length} prerequisites: ${count('ok')} ok, ${count('missing')} missing, ${count('unknown')} unknown, ${count('unverified')} unverified`;
  return [...lines, '', summary].join('\n');
}
