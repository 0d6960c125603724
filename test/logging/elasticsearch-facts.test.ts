import { DEFAULT_HEAP_PERCENT, elasticsearchHeapMebibytes } from '../../lib/logging/elasticsearch-facts';

test('the heap is a whole number of MiB, rounded down, from any memory quantity', () => {
  expect(elasticsearchHeapMebibytes('2Gi', DEFAULT_HEAP_PERCENT)).toBe(1024);
  expect(elasticsearchHeapMebibytes('1000Mi', 33)).toBe(330);
  expect(elasticsearchHeapMebibytes('3G', 50)).toBe(1430);
});
