import { elasticsearchCa } from '../../lib/logging/elasticsearch-ca';

describe('elasticsearchCa', () => {
  const ca = elasticsearchCa('elasticsearch-tls');

  test('mounts only ca.crt of the certificate Secret (never its private key), read-only', () => {
    expect(ca.volume).toEqual({ name: 'elasticsearch-ca', secret: { secretName: 'elasticsearch-tls', items: [{ key: 'ca.crt', path: 'ca.crt' }] } });
    expect(ca.mount).toEqual({ name: 'elasticsearch-ca', mountPath: '/etc/elasticsearch-ca', readOnly: true });
  });

  test('the file clients are pointed at is inside the mount', () => {
    expect(ca.file).toBe(`${ca.mount.mountPath}/ca.crt`);
  });

  test('one path for every client, whatever the Secret', () => {
    expect(elasticsearchCa('fluentd-elasticsearch-ca')).toMatchObject({ mount: ca.mount, file: ca.file });
  });
});
