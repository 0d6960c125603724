import { promqlSelectors } from '../../lib/monitoring/promql-selectors';

describe('promqlSelectors', () => {
  test('finds selectors inside functions, aggregations and binary operations, with their job', () => {
    expect(promqlSelectors('sum by (namespace, le) (rate(a_total{job="x",code=~"5.."}[5m])) / on (pod) group_left (node) b > 0.5 and c{job = "y"} offset 1h'))
      .toEqual([{ metric: 'a_total', job: 'x' }, { metric: 'b' }, { metric: 'c', job: 'y' }]);
  });

  test('ignores keywords, numbers, durations, strings and grouping labels', () => {
    expect(promqlSelectors('histogram_quantile(0.95, sum without (instance) (rate(h_bucket{le="+Inf",path="/a{b}"}[1m:30s]))) > 1e3 unless bool Inf'))
      .toEqual([{ metric: 'h_bucket' }]);
    expect(promqlSelectors('time() - 86400')).toEqual([]);
  });

  test('a job matcher that is not an exact match is no job', () => {
    expect(promqlSelectors('up{job=~"a|b"}')).toEqual([{ metric: 'up' }]);
    expect(promqlSelectors('up{other_job="a"}')).toEqual([{ metric: 'up' }]);
  });

  test('rejects a selector without a metric name', () => {
    expect(() => promqlSelectors('{__name__="up"}')).toThrow(/without a metric name/);
  });
});
