import { KubeObject } from '../../lib/core/kube-object';
import { diffRenders } from '../../lib/review/render-diff';
import { renderDiffReport } from '../../lib/review/report';
import { riskRows } from '../../lib/review/risk-groups';
import { environmentInput, render, renderEnvironment } from '../support/render';
import { claim, deployment, edited, namespace } from './objects';

const name = (flag: { object: KubeObject }) => flag.object.metadata.name;

test('deletions in one namespace are one row with counts per kind and each reason once', () => {
  const data = claim('apps', 'uploads', '1Gi');
  const web = deployment('apps', 'web');
  const rows = riskRows(diffRenders(new Map([['dev', [namespace('apps'), data, web]]]), new Map([['dev', []]]))[0].risks, name);
  expect(rows).toHaveLength(1);
  expect(rows[0].subject).toBe('3 objects in namespace apps (1 Deployment, 1 Namespace, 1 PersistentVolumeClaim)');
  expect(rows[0].reasons).toHaveLength(3);
  expect(new Set(rows[0].reasons).size).toBe(3);
});

test('a single deletion and refused changes keep one row each', () => {
  const web = deployment('apps', 'web');
  const moved = edited(web, (d) => { d.spec.selector.matchLabels.tier = 'x'; });
  const diff = diffRenders(new Map([['dev', [claim('apps', 'uploads', '1Gi'), web]]]), new Map([['dev', [moved]]]))[0];
  const rows = riskRows(diff.risks, name);
  expect(rows.map((r) => [r.severity, r.subject, r.path])).toEqual([
    ['refused', 'web', 'spec.selector'],
    ['unsafe', 'uploads', undefined],
  ]);
});

test('disabling logging in prod is a few rows, not one per object', () => {
  const input = environmentInput('prod');
  (input as any).logging.enabled = false;
  const before = renderEnvironment('prod').objects as KubeObject[];
  const after = render(input).objects as KubeObject[];
  const [prod] = diffRenders(new Map([['prod', before]]), new Map([['prod', after]]));
  expect(prod.risks.length).toBeGreaterThan(20);
  const report = renderDiffReport([prod], { base: 'main', head: 'branch' });
  const unsafeRows = report.split('\n').filter((line) => line.startsWith('| ⚠️ unsafe'));
  expect(unsafeRows.length).toBeLessThanOrEqual(3);
  const logging = unsafeRows.find((row) => row.includes('objects in namespace logging '))!;
  expect(logging).toMatch(/\| \d+ objects in namespace logging \(.*1 Namespace.*StatefulSet.*\)/);
  expect(logging.match(/deleting a StatefulSet stops its stateful pods/g)).toHaveLength(1);
});
