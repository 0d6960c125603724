import { Testing } from 'cdk8s';
import { AppConfig } from '../../lib/web/app-config';

describe('AppConfig', () => {
  const make = (props: { files?: Record<string, string>; env?: Record<string, string> }) =>
    new AppConfig(Testing.chart(), 'config', { name: 'app-config', namespace: 'apps', ...props });

  test('mounts each file read-only on its own path and reads each variable from the ConfigMap', () => {
    const config = make({ files: { '/etc/app/app.yaml': 'a: 1' }, env: { MODE: 'fast' } });
    expect(config.volumeMounts).toEqual([{ name: 'config', mountPath: '/etc/app/app.yaml', subPath: 'app.yaml', readOnly: true }]);
    expect(config.env).toEqual([{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'MODE' } } }]);
    expect(config.volumes).toEqual([{ name: 'config', configMap: { name: 'app-config' } }]);
  });

  test('the hash follows the content', () => {
    expect(make({ env: { MODE: 'fast' } }).hash).toBe(make({ env: { MODE: 'fast' } }).hash);
    expect(make({ env: { MODE: 'fast' } }).hash).not.toBe(make({ env: { MODE: 'slow' } }).hash);
  });

  test('rejects relative paths and keys used twice', () => {
    expect(() => make({ files: { 'app.yaml': '' } })).toThrow('file path "app.yaml" must be absolute');
    expect(() => make({ files: { '/a/x': '', '/b/x': '' } })).toThrow('key "x" is used twice');
  });

  test('rejects names that are not ConfigMap keys', () => {
    expect(() => make({ env: { 'LOG LEVEL': 'debug' } })).toThrow('Config of app-config: "LOG LEVEL" is not a valid ConfigMap key');
  });
});
