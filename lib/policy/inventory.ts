import { certificateSecret } from './cert-manager';
import { isDeclaredSecretsList, readDeclaredSecrets } from '../core/declared-secrets';
import { PodSecurityLevel } from '../core/pod-security';
import { DECLARED_SECRETS_KEY, NAMESPACE_NAME_LABEL } from '../core/platform-keys';
import { jcascPodTemplates } from './jcasc';
import { field } from './paths';
import { containersOf, ContainerRef, podTemplateOf, PodTemplate } from './pod-templates';
import { isEmptySelector, LabelSelector, Labels, matchesSelector } from './selectors';
import { CheckedObject, CheckOptions, DeclaredSecret, EmbeddedDataError, Manifest } from './types';

/** Built-in kinds that are not namespaced. CRDs in the output add their own kinds. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass',
  'CustomResourceDefinition', 'PriorityClass', 'IngressClass', 'RuntimeClass', 'CSIDriver', 'CSINode',
  'VolumeAttachment', 'APIService', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'CertificateSigningRequest',
  'FlowSchema', 'PriorityLevelConfiguration', 'PodSecurityPolicy', 'ComponentStatus', 'ClusterIssuer',
]);

/** Namespaces every cluster has (the API server creates them), whether or not the input declares them. */
const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * Every index the rules need, built in one pass over the objects. Rules look things up here instead of
 * scanning the object list, which keeps the whole check linear in the number of objects.
 */
export class Inventory {
  readonly objects: CheckedObject[] = [];
  readonly templates: PodTemplate[] = [];
  /** Namespace objects of the output by name. */
  readonly namespaces = new Map<string, CheckedObject>();
  /** Secrets created outside the output (declared, or made by a cert-manager Certificate), by `namespace/name`. */
  readonly declaredSecrets = new Map<string, DeclaredSecret>();
  /** Problems in declared-secrets ConfigMaps. */
  readonly declarationErrors: EmbeddedDataError[] = [];
  /** JCasC agent pod templates whose `yaml` is not a Pod. */
  readonly jcascErrors: EmbeddedDataError[] = [];
  /** Documents that look like Kubernetes objects but lack a string kind or apiVersion (e.g. `Kind: Deployment`). */
  readonly unclassified: CheckedObject[] = [];
  /** Whether the input lists its secrets in declared-secrets ConfigMaps, as this repository's render does. */
  hasDeclaredSecretsConfigMap = false;
  /** Level checked for namespaces the input does not declare; see CheckOptions. */
  readonly assumeLevel: PodSecurityLevel;
  /** Whether findings against `assumeLevel` are errors; see CheckOptions. */
  readonly strict: boolean;

  private readonly byKey = new Map<string, CheckedObject>();
  private readonly byKind = new Map<string, CheckedObject[]>();
  /** The pod template of each workload (JCasC templates have a ConfigMap as owner and are not listed here). */
  private readonly templateByOwner = new Map<CheckedObject, PodTemplate>();
  private readonly templatesByNamespace = new Map<string, PodTemplate[]>();
  /** Pod templates by `namespace \0 label=value`, so a selector only looks at pods carrying one of its labels. */
  private readonly templatesByLabel = new Map<string, PodTemplate[]>();
  /** Labels of the cluster's namespaces (declared ones plus SYSTEM_NAMESPACES), without the name label. */
  private readonly clusterNamespaces = new Map<string, Labels>();
  /** namespacesSelectedBy results of selectors that do not pin a name, by selector: few distinct ones are used. */
  private readonly namespaceSelections = new Map<string, string[]>();

  constructor(manifests: readonly Manifest[], options: CheckOptions = {}) {
    this.assumeLevel = options.assumeLevel ?? 'restricted';
    this.strict = options.strict ?? true;
    for (const ref of options.externalSecrets ?? []) this.declaredSecrets.set(ref, { origin: 'external' });
    const crdScopes = new Map<string, string>();
    for (const m of manifests) {
      if (m.object?.kind === 'CustomResourceDefinition' && m.object.spec?.names?.kind) {
        crdScopes.set(m.object.spec.names.kind, m.object.spec.scope);
      }
    }
    for (const manifest of manifests) {
      const body = manifest.object;
      if (!isKubeObject(body)) {
        if (looksLikeKubeObject(body)) this.unclassified.push({ manifest, body, kind: guessedKind(body), name: String(body.metadata?.name ?? '') });
        continue;
      }
      this.add({ manifest, body, ...objectIdentity(body, crdScopes) });
    }
    for (const ns of SYSTEM_NAMESPACES) if (!this.namespaces.has(ns)) this.clusterNamespaces.set(ns, {});
  }

  /** The object of `kind` named `name` in `namespace` (undefined namespace for cluster-scoped kinds). */
  get(kind: string, namespace: string | undefined, name: string): CheckedObject | undefined {
    return this.byKey.get(key(kind, namespace, name));
  }

  ofKind(kind: string): readonly CheckedObject[] {
    return this.byKind.get(kind) ?? [];
  }

  templateOf(owner: CheckedObject): PodTemplate | undefined {
    return this.templateByOwner.get(owner);
  }

  /** Whether the output declares any Namespace; rules about namespaces only apply when it does. */
  get declaresNamespaces(): boolean {
    return this.namespaces.size > 0;
  }

  /** Pod templates in `namespace` selected by a LabelSelector; an empty selector selects all of them. */
  templatesSelectedBy(namespace: string, selector: LabelSelector | undefined): PodTemplate[] {
    const all = this.templatesByNamespace.get(namespace) ?? [];
    if (isEmptySelector(selector)) return all;
    let candidates = all;
    for (const [k, v] of Object.entries(selector!.matchLabels ?? {})) {
      const withLabel = this.templatesByLabel.get(labelKey(namespace, k, v)) ?? [];
      if (withLabel.length < candidates.length) candidates = withLabel;
    }
    return candidates.filter(t => matchesSelector(selector, t.labels));
  }

  /**
   * Names of the cluster's namespaces a namespaceSelector selects: those the input declares, with their labels and
   * the `kubernetes.io/metadata.name` label the API server adds, plus the system namespaces every cluster has.
   * A selector pinning the name (the usual kind) is one lookup; others are evaluated once per distinct selector.
   */
  namespacesSelectedBy(selector: LabelSelector): string[] {
    const labelsOf = (ns: string): Labels => ({ ...this.clusterNamespaces.get(ns), [NAMESPACE_NAME_LABEL]: ns });
    const pinned = selector.matchLabels?.[NAMESPACE_NAME_LABEL];
    if (pinned !== undefined) {
      if (!this.clusterNamespaces.has(pinned)) return [];
      const nameOnly = Object.keys(selector.matchLabels!).length === 1 && !selector.matchExpressions?.length;
      return nameOnly || matchesSelector(selector, labelsOf(pinned)) ? [pinned] : [];
    }
    const key = JSON.stringify(selector);
    let selected = this.namespaceSelections.get(key);
    if (!selected) {
      selected = [...this.clusterNamespaces.keys()].filter(ns => matchesSelector(selector, labelsOf(ns)));
      this.namespaceSelections.set(key, selected);
    }
    return selected;
  }

  /** Namespaces that hold pod templates but are not declared by the input: their Pod Security level is assumed. */
  undeclaredTemplateNamespaces(): string[] {
    return [...this.templatesByNamespace.keys()].filter(ns => !this.namespaces.has(ns)).sort();
  }

  private add(obj: CheckedObject): void {
    this.objects.push(obj);
    this.byKey.set(key(obj.kind, obj.namespace, obj.name), obj);
    push(this.byKind, obj.kind, obj);
    if (obj.kind === 'Namespace') {
      this.namespaces.set(obj.name, obj);
      this.clusterNamespaces.set(obj.name, obj.body.metadata?.labels ?? {});
    }
    const certificate = certificateSecret(obj);
    if (certificate) this.declaredSecrets.set(`${obj.namespace}/${certificate.name}`, certificate.secret);
    if (obj.kind === 'ConfigMap') {
      if (isDeclaredSecretsList(obj.body)) {
        this.hasDeclaredSecretsConfigMap = true;
        this.readDeclaredSecrets(obj);
      }
      const jcasc = jcascPodTemplates(obj);
      jcasc.templates.forEach(t => this.addTemplate(t));
      this.jcascErrors.push(...jcasc.errors);
    }
    const template = podTemplateOf(obj);
    if (template) {
      this.templateByOwner.set(obj, template);
      this.addTemplate(template);
    }
  }

  private addTemplate(template: PodTemplate): void {
    this.templates.push(template);
    push(this.templatesByNamespace, template.namespace, template);
    for (const [k, v] of Object.entries(template.labels)) {
      push(this.templatesByLabel, labelKey(template.namespace, k, v), template);
    }
  }

  private readDeclaredSecrets(obj: CheckedObject): void {
    const { secrets, problems } = readDeclaredSecrets(obj.body);
    for (const detail of problems) this.declarationErrors.push({ object: obj, path: field('data', DECLARED_SECRETS_KEY), detail });
    for (const s of secrets) {
      for (const ns of s.namespaces) this.declaredSecrets.set(`${ns}/${s.name}`, { keys: new Set(s.keys), origin: String(s.origin ?? '') });
    }
  }
}

/** Every container of every pod template, paired with its template. */
export function* allContainers(inv: Inventory): Generator<[PodTemplate, ContainerRef]> {
  for (const t of inv.templates) {
    for (const c of containersOf(t)) yield [t, c];
  }
}

/**
 * Kind, name and effective namespace of an object: its own namespace, `default` when a namespaced object leaves
 * it out, undefined for cluster-scoped kinds (built-in, or CRDs of the output declaring `scope: Cluster`).
 */
export function objectIdentity(body: any, crdScopes: ReadonlyMap<string, string> = new Map()): { kind: string; name: string; namespace?: string } {
  const kind: string = body.kind;
  const clusterScoped = CLUSTER_SCOPED.has(kind) || crdScopes.get(kind) === 'Cluster';
  return {
    kind,
    name: String(body.metadata?.name ?? ''),
    namespace: clusterScoped ? undefined : (body.metadata?.namespace ?? 'default'),
  };
}

/** Whether a parsed document is a Kubernetes object (has apiVersion and kind). */
export function isKubeObject(o: any): boolean {
  return o !== null && typeof o === 'object' && typeof o.kind === 'string' && typeof o.apiVersion === 'string';
}

/**
 * Whether a document that is not a Kubernetes object was meant to be one: it has a `kind` key in any case, or an
 * apiVersion key (in any case) next to `metadata`. Such documents are reported, never skipped; other YAML (a Helm
 * Chart.yaml, a compose file) is not.
 */
export function looksLikeKubeObject(o: any): boolean {
  if (o === null || typeof o !== 'object' || Array.isArray(o) || isKubeObject(o)) return false;
  const keys = Object.keys(o).map(k => k.toLowerCase());
  return keys.includes('kind') || (keys.includes('apiversion') && typeof o.metadata === 'object');
}

/** What a broken document's kind was meant to be, for reports: the value of its `kind` key in any case. */
function guessedKind(body: any): string {
  const k = Object.keys(body).find(k => k.toLowerCase() === 'kind');
  return k && typeof body[k] === 'string' ? body[k] : '(no kind)';
}

function key(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\0${namespace ?? ''}\0${name}`;
}

function labelKey(namespace: string, k: string, v: string): string {
  return `${namespace}\0${k}=${v}`;
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v); else map.set(k, [v]);
}
