import { ApiObject, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';

/** Where each workload kind keeps its pod spec (JSON pointer). */
const POD_SPEC: Readonly<Record<string, string>> = {
  Pod: '/spec',
  Deployment: '/spec/template/spec',
  StatefulSet: '/spec/template/spec',
  DaemonSet: '/spec/template/spec',
  ReplicaSet: '/spec/template/spec',
  Job: '/spec/template/spec',
  CronJob: '/spec/jobTemplate/spec/template/spec',
};

/**
 * Makes every pod under `scope` pull with the registry credentials `secretName`: the pod spec of every
 * workload, and every ServiceAccount, gets `imagePullSecrets`. The ServiceAccounts cover pods this render only
 * describes (the Jenkins agent pods of JCasC): the ServiceAccount admission plugin copies a ServiceAccount's
 * `imagePullSecrets` into a pod that has none (kubernetes v1.27 plugin/pkg/admission/serviceaccount/admission.go).
 * Done once over the finished constructs, so no construct needs to know about the registry.
 *
 * @returns the namespaces that now reference the secret (where it must exist), sorted.
 */
export function attachImagePullSecret(scope: IConstruct, secretName: string): string[] {
  const namespaces = new Set<string>();
  const value = [{ name: secretName }];
  for (const object of scope.node.findAll().filter(ApiObject.isApiObject)) {
    const path = object.kind === 'ServiceAccount' ? '/imagePullSecrets' : POD_SPEC[object.kind] && `${POD_SPEC[object.kind]}/imagePullSecrets`;
    if (!path) continue;
    object.addJsonPatch(JsonPatch.add(path, value));
    namespaces.add(object.metadata.namespace ?? 'default');
  }
  return [...namespaces].sort();
}
