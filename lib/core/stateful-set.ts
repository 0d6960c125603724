import { Construct } from 'constructs';
import { k8s } from './k8s';
import { VolumeStorage } from './resources';

/**
 * A StatefulSet's claims outlive its pods, a scale-down and its own deletion: data is only ever
 * deleted by hand (the `AVAIL-STS-RETENTION` guardrail checks every StatefulSet for this).
 */
export const RETAIN_CLAIMS: k8s.StatefulSetPersistentVolumeClaimRetentionPolicy = { whenDeleted: 'Retain', whenScaled: 'Retain' };

/** What every claim template of a rendered StatefulSet starts with. */
export const CLAIM_TEMPLATE_TYPE = { apiVersion: 'v1', kind: 'PersistentVolumeClaim' } as const;

/** A claim each pod of the StatefulSet gets (the PVC `<name>-<pod name>`). */
export interface ClaimTemplate {
  /** Name of the claim template, and of the pod volume the containers mount. */
  readonly name: string;
  /** Size and StorageClass of each claim. */
  readonly storage: VolumeStorage;
  /** Labels of the claims. @default - none */
  readonly labels?: Record<string, string>;
}

export interface PersistentStatefulSetProps {
  readonly metadata: k8s.ObjectMeta;
  /** The spec, without the claim fields this construct owns. */
  readonly spec: Omit<k8s.StatefulSetSpec, 'volumeClaimTemplates' | 'persistentVolumeClaimRetentionPolicy'>;
  /** One ReadWriteOnce claim per pod for each entry; at least one. */
  readonly claims: readonly ClaimTemplate[];
}

/** The `volumeClaimTemplates` entry of a StatefulSet: one ReadWriteOnce claim per pod. */
export function volumeClaimTemplate(name: string, storage: VolumeStorage, labels?: Record<string, string>): k8s.KubePersistentVolumeClaimProps {
  return {
    metadata: { name, labels },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: storage.storageClassName,
      resources: { requests: { storage: k8s.Quantity.fromString(storage.size) } },
    },
  };
}

/**
 * A StatefulSet that owns its claims: retained ({@link RETAIN_CLAIMS}), and each template rendered with
 * `apiVersion: v1` and `kind: PersistentVolumeClaim`.
 *
 * The API server clears a template's apiVersion and kind on input and sets them on output (kubernetes
 * pkg/apis/apps/v1/conversion.go, issue 87583), so the live object Argo CD compares against always has them:
 * templates rendered without them keep the StatefulSet OutOfSync after every sync (argoproj/argo-cd#11143).
 * The generated props type has no place for them, and its serializer drops unknown keys after JSON patches
 * are applied, so they are added to the serialized object here.
 */
export class PersistentStatefulSet extends k8s.KubeStatefulSet {
  constructor(scope: Construct, id: string, props: PersistentStatefulSetProps) {
    // Without a claim it holds nothing: a Deployment (or a plain KubeStatefulSet) is the construct for that.
    if (props.claims.length === 0) throw new Error(`${scope.node.path}/${id}: a PersistentStatefulSet needs at least one claim`);
    super(scope, id, {
      metadata: props.metadata,
      spec: {
        ...props.spec,
        persistentVolumeClaimRetentionPolicy: RETAIN_CLAIMS,
        volumeClaimTemplates: props.claims.map(c => volumeClaimTemplate(c.name, c.storage, c.labels)),
      },
    });
  }

  public toJson(): any {
    const json = super.toJson();
    json.spec.volumeClaimTemplates = json.spec.volumeClaimTemplates.map((t: any) => ({ ...CLAIM_TEMPLATE_TYPE, ...t }));
    return json;
  }
}
