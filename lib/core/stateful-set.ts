import { k8s } from './k8s';

/** What every claim template of a rendered StatefulSet starts with. */
export const CLAIM_TEMPLATE_TYPE = { apiVersion: 'v1', kind: 'PersistentVolumeClaim' } as const;

/**
 * A `KubeStatefulSet` whose `volumeClaimTemplates` carry `apiVersion: v1` and `kind: PersistentVolumeClaim`.
 *
 * The 1.27 schema allows both (a template is a whole `PersistentVolumeClaim`), and the live object Argo CD
 * compares against has them: templates rendered without them keep the StatefulSet OutOfSync after every
 * sync (argoproj/argo-cd#11143). The generated props type has no place for them, and its serializer drops
 * unknown keys after JSON patches are applied, so they are added to the serialized object here.
 */
export class TypedClaimsStatefulSet extends k8s.KubeStatefulSet {
  public toJson(): any {
    const json = super.toJson();
    const templates: any[] | undefined = json.spec?.volumeClaimTemplates;
    if (templates) json.spec.volumeClaimTemplates = templates.map(t => ({ ...CLAIM_TEMPLATE_TYPE, ...t }));
    return json;
  }
}
