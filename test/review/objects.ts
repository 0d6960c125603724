import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeObject } from '../../lib/core/kube-object';
import { parseManifests } from '../../lib/review/kube-object';

/** Builders for the fixtures of the review tests: the smallest objects that exercise each rule. */

export function fixture(name: string): KubeObject[] {
  return parseManifests(readFileSync(join(__dirname, 'fixtures', name), 'utf8'), name);
}

export function namespace(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function configMap(ns: string, name: string, data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data };
}

export function deployment(ns: string, name: string, image = 'nginx:1.27.0', labels: Record<string, string> = { 'app.kubernetes.io/name': name }): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image }] } },
    },
  };
}

export function claim(ns: string, name: string, storage: string, storageClassName = 'standard'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: ns },
    spec: { accessModes: ['ReadWriteOnce'], storageClassName, resources: { requests: { storage } } },
  };
}

export function service(ns: string, name: string, spec: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { ports: [{ port: 80 }], ...spec } };
}

/** Deep copy with `edit` applied: the "after" side of a change. */
export function edited<T>(obj: T, edit: (copy: any) => void): T {
  const copy = structuredClone(obj);
  edit(copy);
  return copy;
}
