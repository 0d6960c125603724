import * as path from 'path';
import { crdProblems } from './crd-schema';
import { VELERO } from '../../lib/backup/velero';
import { KubeObject } from './render';

/** API groups of custom resources that kubernetes-models (core 1.27 only) cannot validate. */
const CUSTOM_GROUPS = new Set(['cert-manager.io']);

/**
 * Validates an object against the Kubernetes 1.27 OpenAPI schema (kubernetes-models). Returns
 * the validation error message, or undefined when valid.
 */
export function schemaError(object: KubeObject): string | undefined {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  if (CUSTOM_GROUPS.has(group)) return undefined;
  // Velero's CRD schema is vendored at the pinned release (test/backup/fixtures).
  if (group === 'velero.io') {
    const problems = crdProblems(path.join(__dirname, '../backup/fixtures', `velero.io_${object.kind.toLowerCase()}s.${VELERO.version}.yaml`), object);
    return problems.length ? problems.join('; ') : undefined;
  }
  const modulePath = group ? `kubernetes-models/${group}/${version}/${object.kind}` : `kubernetes-models/${version}/${object.kind}`;
  let Model: new (data: unknown) => { validate(): void };
  try {
    Model = require(modulePath)[object.kind];
  } catch {
    return `no schema for ${object.apiVersion} ${object.kind}`;
  }
  try {
    new Model(object).validate();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
