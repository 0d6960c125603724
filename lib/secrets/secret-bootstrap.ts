import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { bootstrapScript } from './bootstrap-script';
import { DeclaredSecret } from './declared-secret';
import { ConvergingJob } from '../core/converging-job';
import { AppIdentity, labelTree } from '../core/labels';
import { declaredSecretsData } from '../core/declared-secrets';
import { DECLARED_SECRETS_LABEL } from '../core/platform-keys';
import { workloadPod } from '../core/workload-pod';
import { NetworkFlow } from '../network/flow';
import { IpBlockPeer, Peer } from '../network/peer';

/** The Kubernetes API as network policies see it: the endpoints behind the `kubernetes` Service. */
export interface ApiServerAccess {
  /** The endpoint addresses. */
  readonly peer: IpBlockPeer;
  /** The endpoint ports (e.g. 6443), not the Service's 443. */
  readonly ports: readonly number[];
}

export interface SecretBootstrapProps {
  /** Namespace the Job runs in; it may write Secrets into other namespaces listed by the secrets. */
  readonly namespace: string;
  /** The secrets to create (generated) or check (external). */
  readonly secrets: readonly DeclaredSecret[];
  /** Pinned image with kubectl and a POSIX shell. */
  readonly image: string;
  /** Where the Job reaches the API server. */
  readonly apiServer: ApiServerAccess;
  /** Part-of label of the component that owns these secrets. */
  readonly partOf: string;
  /**
   * Name of the Job, its ServiceAccount, Roles and spec ConfigMap.
   * @default 'secret-bootstrap'
   */
  readonly name?: string;
}

/**
 * Creates the declared Secrets that do not exist yet, and never overwrites anything. A
 * `ConvergingJob` runs it at install and then on a schedule, so a Secret deleted later comes
 * back (copied from a namespace that still has it, else with fresh values).
 *
 * RBAC is the minimum: in each target namespace, `create` on secrets (create cannot be limited
 * by name) and `get` on the declared names only.
 */
export class SecretBootstrap extends Construct {
  /** The Job's pods, for flows. */
  public readonly peer: Peer;

  constructor(scope: Construct, id: string, props: SecretBootstrapProps) {
    super(scope, id);
    const name = props.name ?? 'secret-bootstrap';
    const identity: AppIdentity = { name: 'secret-bootstrap', instance: name, component: 'secrets', partOf: props.partOf };

    const script = bootstrapScript(props.secrets);
    const configMap = new k8s.KubeConfigMap(this, 'spec', {
      metadata: { name: `${name}-spec`, namespace: props.namespace, labels: { [DECLARED_SECRETS_LABEL]: 'true' } },
      data: { ...declaredSecretsData(props.secrets.map(s => s.entry)), 'bootstrap.sh': script },
    });

    const serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name, namespace: props.namespace },
    });

    const namesByNamespace = new Map<string, string[]>();
    for (const secret of props.secrets) {
      for (const ns of secret.namespaces) namesByNamespace.set(ns, [...(namesByNamespace.get(ns) ?? []), secret.name]);
    }
    for (const [ns, names] of namesByNamespace) {
      // Same-namespace RBAC keeps the plain name; a Role granted to another namespace's Job says whose it is.
      const roleName = ns === props.namespace ? name : `${name}-${props.namespace}`;
      const generatedHere = props.secrets.some(s => s.origin === 'bootstrap' && s.namespaces.includes(ns));
      new k8s.KubeRole(this, `role-${ns}`, {
        metadata: { name: roleName, namespace: ns },
        rules: [
          { apiGroups: [''], resources: ['secrets'], resourceNames: [...names].sort(), verbs: ['get'] },
          ...(generatedHere ? [{ apiGroups: [''], resources: ['secrets'], verbs: ['create'] }] : []),
        ],
      });
      new k8s.KubeRoleBinding(this, `binding-${ns}`, {
        metadata: { name: roleName, namespace: ns },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
        subjects: [{ kind: 'ServiceAccount', name: serviceAccount.name, namespace: props.namespace }],
      });
    }

    const pod = workloadPod({
      identity,
      runAs: { user: 65532 },
      serviceAccountName: serviceAccount.name,
      restartPolicy: 'Never',
      containers: [{
        name: 'bootstrap',
        image: props.image,
        command: ['/bin/sh', '/bootstrap/bootstrap.sh'],
        env: [{ name: 'HOME', value: '/tmp' }],
        resources: { cpu: '50m', memoryRequest: '64Mi', memory: '128Mi' },
        volumeMounts: [{ name: 'bootstrap', mountPath: '/bootstrap', readOnly: true }],
        scratch: [{ path: '/tmp', sizeLimit: '16Mi' }],
      }],
      volumes: [{ name: 'bootstrap', configMap: { name: configMap.name } }],
    });
    this.peer = Peer.workload(name, props.namespace, pod.selector);
    new ConvergingJob(this, 'runs', {
      name,
      namespace: props.namespace,
      referencedContent: [script],
      installDeadlineSeconds: 900,
      template: pod.template,
    });

    new NetworkFlow(this, 'to-apiserver', { from: this.peer, to: props.apiServer.peer, ports: props.apiServer.ports });
    labelTree(this, identity);
  }
}
