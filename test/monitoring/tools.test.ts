import { tool } from './tools';

test('a missing validator fails with the Debian package to install, never skips', () => {
  expect(() => tool('promtool', ['/nonexistent'])).toThrow(/promtool is not installed.*'prometheus'/);
  expect(() => tool('amtool', ['/nonexistent'])).toThrow(/amtool is not installed.*'prometheus-alertmanager'/);
});

test('an installed validator is found', () => {
  expect(tool('promtool')).toMatch(/\/promtool$/);
});
