import { ANY_PORT, formatPorts, intersectPorts, isDnsOnly, rulePorts } from '../../lib/review/ports';

test('a rule without ports allows any port', () => {
  expect(formatPorts(rulePorts(undefined))).toEqual(['any']);
  expect(formatPorts(rulePorts([{ protocol: 'UDP' }]))).toEqual(['any/UDP']);
});

test('named ports resolve against the destination, or stay names', () => {
  const destination = [{ name: 'http', containerPort: 9200, protocol: 'TCP' }];
  expect(formatPorts(rulePorts([{ port: 'http' }], destination))).toEqual(['9200/TCP']);
  expect(formatPorts(rulePorts([{ port: 'metrics' }], destination))).toEqual(['metrics/TCP']);
});

test('intersection keeps what both sides allow, per protocol', () => {
  const range = rulePorts([{ port: 8000, endPort: 8100 }, { port: 53, protocol: 'UDP' }]);
  expect(formatPorts(intersectPorts(range, rulePorts([{ port: 8080 }, { port: 53 }])))).toEqual(['8080/TCP']);
  expect(formatPorts(intersectPorts(ANY_PORT, rulePorts([{ port: 'metrics' }])))).toEqual(['metrics/TCP']);
});

test('adjacent ranges merge', () => {
  expect(formatPorts(rulePorts([{ port: 8081 }, { port: 8080 }, { port: 8082, endPort: 8090 }]))).toEqual(['8080-8090/TCP']);
});

test('DNS is port 53 only', () => {
  expect(isDnsOnly(rulePorts([{ port: 53, protocol: 'UDP' }, { port: 53 }]))).toBe(true);
  expect(isDnsOnly(rulePorts([{ port: 53 }, { port: 443 }]))).toBe(false);
  expect(isDnsOnly(rulePorts(undefined))).toBe(false);
});
