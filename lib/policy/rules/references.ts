import { Inventory } from '../inventory';
import { EXTERNAL_NAMESPACES_ANNOTATION, NAMESPACE_NAME_LABEL, PLATFORM_DOMAIN, RUNTIME_PODS_ANNOTATION } from '../../core/platform-keys';
import { field, item } from '../paths';
import { containersOf, PodTemplate } from '../pod-templates';
import { isEmptySelector, LabelSelector, matchesSelector } from '../selectors';
import { CheckedObject, Report, Rule } from '../types';
import { rule, RuleFamily } from './rule';

/**
 * Annotation on a workload (or Pod) naming the Secrets it uses that are created outside the input, comma-separated:
 * how a hand-written manifest says "this Secret exists" (`npm run validate --external-secret` says it from outside).
 */
export const EXTERNAL_SECRETS_ANNOTATION = `${PLATFORM_DOMAIN}/external-secrets`;

export const REF_RULES = {
  namespace: rule('REF-NAMESPACE',
    'Object lives in a namespace the output does not declare, so applying it fails or lands in the wrong place',
    'Set metadata.namespace to a Namespace rendered in the same output (or render that Namespace).'),
  serviceSelector: rule('REF-SERVICE-SELECTOR',
    'Service selector matches no pod template in its namespace, so the Service has no endpoints',
    'Make spec.selector use labels that the target pod template carries (app.kubernetes.io/name + instance).'),
  serviceTargetPort: rule('REF-SERVICE-TARGET-PORT',
    'Service targetPort names a port that no selected container declares',
    'Use the name of a containerPort of the selected pods, or a port number.'),
  ingressService: rule('REF-INGRESS-SERVICE',
    'Ingress backend names a Service that is not in the output',
    'Point backend.service.name at a Service rendered in the Ingress namespace.'),
  ingressPort: rule('REF-INGRESS-PORT',
    'Ingress backend port is not a port of the Service',
    'Use a port number or port name from the Service spec.ports.'),
  hpaTarget: rule('REF-HPA-TARGET',
    'HorizontalPodAutoscaler scales a workload that is not in the output',
    'Point spec.scaleTargetRef (kind + name) at a Deployment/StatefulSet in the same namespace.'),
  pdbSelector: rule('REF-PDB-SELECTOR',
    'PodDisruptionBudget selector matches no pod template, so it protects nothing',
    'Use the selector labels of the workload it protects.'),
  workloadSelector: rule('REF-WORKLOAD-SELECTOR',
    'Workload selector does not match its own pod template labels (the API server rejects it)',
    'Make spec.selector a subset of spec.template.metadata.labels.'),
  netpolSelector: rule('REF-NETPOL-SELECTOR',
    'NetworkPolicy pod selector matches no pod template in its namespace (use {} for namespace-wide on purpose)',
    `Use labels carried by the intended pods, an empty podSelector {} to select the whole namespace, or, for pods a controller creates at run time, annotate the policy ${RUNTIME_PODS_ANNOTATION}: <controller>.`),
  netpolNamespace: rule('REF-NETPOL-NAMESPACE',
    'NetworkPolicy namespaceSelector matches no namespace of the input, no system namespace (default, kube-*) and none the policy lists as external, so the rule opens nothing',
    `Fix the selector (e.g. a misspelt kubernetes.io/metadata.name value) or the intended Namespace's labels; for a namespace that exists outside the input, annotate the policy ${EXTERNAL_NAMESPACES_ANNOTATION}: <namespace>[,<namespace>].`),
  configMap: rule('REF-CONFIGMAP',
    'Pod references a ConfigMap that is not in the output',
    'Render the ConfigMap in the same namespace, fix the name, or mark the reference optional.'),
  configMapKey: rule('REF-CONFIGMAP-KEY',
    'Pod references a key the ConfigMap does not have',
    'Add the key to the ConfigMap data or fix the key name.'),
  secret: rule('REF-SECRET',
    'Pod references a Secret that is neither in the output nor declared',
    'List the Secret (name, namespaces, keys) in the declared-secrets ConfigMap of the namespace group, or fix the name.'),
  secretKey: rule('REF-SECRET-KEY',
    'Pod references a key that the Secret of the output does not hold, or that the declared Secret does not list',
    'Add the key to the Secret (data/stringData) or to the declared secret keys, or fix the key name.'),
  pvc: rule('REF-PVC',
    'Pod references a PersistentVolumeClaim that is not in the output',
    'Render the PVC in the same namespace, or use a StatefulSet volumeClaimTemplate.'),
  volumeMount: rule('REF-VOLUME-MOUNT',
    'volumeMount names no volume of the pod (or volumeClaimTemplate of the StatefulSet)',
    'Add the volume to spec.volumes or fix the mount name.'),
  serviceAccount: rule('REF-SERVICE-ACCOUNT',
    'ServiceAccount is not in the output (and is not "default")',
    'Render the ServiceAccount in the same namespace or fix the name.'),
  role: rule('REF-ROLE',
    'Binding refers to a Role/ClusterRole that is neither in the output nor a built-in ClusterRole',
    'Render the Role/ClusterRole, fix roleRef.name, or use admin, edit, view, cluster-admin or a system: role.'),
  declaredSecrets: rule('REF-DECLARED-SECRETS',
    'Declared-secrets ConfigMap is malformed, so the secrets it lists cannot be trusted',
    'Write data["secrets.json"] as {"secrets":[{"name":..,"namespaces":[..],"origin":"bootstrap"|"external","keys":[..]}]}.'),
};

/**
 * REF-SECRET for input that does not list its secrets in declared-secrets ConfigMaps (hand-written manifests): the
 * same rule with a hint that fits there.
 */
const SECRET_OUTSIDE_PLATFORM = { ...REF_RULES.secret,
  hint: `Fix the name, or declare the Secret as created outside the input: annotate the workload ${EXTERNAL_SECRETS_ANNOTATION}: <name>[,<name>] or run npm run validate -- --external-secret <namespace>/<name>.` };

/** Namespaced built-in kinds that must name their namespace explicitly when the output declares namespaces. */
const NAMESPACED = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job',
  'CronJob', 'Service', 'Endpoints', 'ConfigMap', 'Secret', 'ServiceAccount', 'Role', 'RoleBinding',
  'PersistentVolumeClaim', 'Ingress', 'NetworkPolicy', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'LimitRange',
  'ResourceQuota']);
const BUILTIN_CLUSTER_ROLES = new Set(['admin', 'edit', 'view', 'cluster-admin']);
const WORKLOADS_WITH_SELECTOR = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];

/**
 * Everything one object names must exist in the same output. Namespace membership is only enforced when the
 * output declares at least one Namespace: a hand-written file without Namespace objects is applied into an
 * existing namespace and still gets every other check.
 */
export const references: RuleFamily = {
  rules: Object.values(REF_RULES),
  check(inv, report) {
    for (const e of inv.declarationErrors) report(REF_RULES.declaredSecrets, e.object, e.path, e.detail);
    if (inv.declaresNamespaces) checkNamespaces(inv, report);
    checkServices(inv, report);
    checkIngresses(inv, report);
    checkScalingAndBudgets(inv, report);
    checkNetworkPolicies(inv, report);
    checkBindings(inv, report);
    const claimPrefixes = statefulSetClaimPrefixes(inv);
    for (const t of inv.templates) checkPodReferences(inv, t, claimPrefixes, report);
  },
};

function checkNamespaces(inv: Inventory, report: Report): void {
  for (const o of inv.objects) {
    const explicit = o.body.metadata?.namespace;
    if (explicit !== undefined && !inv.namespaces.has(explicit)) {
      report(REF_RULES.namespace, o, 'metadata.namespace', `namespace "${explicit}" is not declared`);
    } else if (explicit === undefined && NAMESPACED.has(o.kind)) {
      report(REF_RULES.namespace, o, 'metadata.namespace', 'no namespace: it would land in the current kubectl namespace');
    }
  }
}

function checkServices(inv: Inventory, report: Report): void {
  for (const svc of inv.ofKind('Service')) {
    const selector = svc.body.spec?.selector;
    if (svc.body.spec?.type === 'ExternalName' || isEmptySelector({ matchLabels: selector })) continue;
    const pods = inv.templatesSelectedBy(svc.namespace!, { matchLabels: selector });
    if (pods.length === 0) {
      report(REF_RULES.serviceSelector, svc, 'spec.selector', JSON.stringify(selector));
      continue;
    }
    const portNames = new Set<string>();
    for (const t of pods) {
      for (const { container } of containersOf(t)) for (const p of container.ports ?? []) if (p.name) portNames.add(p.name);
    }
    (svc.body.spec.ports ?? []).forEach((p: any, i: number) => {
      if (typeof p.targetPort === 'string' && !portNames.has(p.targetPort)) {
        report(REF_RULES.serviceTargetPort, svc, `${item('spec.ports', i)}.targetPort`, `"${p.targetPort}"`);
      }
    });
  }
}

function checkIngresses(inv: Inventory, report: Report): void {
  for (const ing of inv.ofKind('Ingress')) {
    const backends: Array<[any, string]> = [];
    if (ing.body.spec?.defaultBackend) backends.push([ing.body.spec.defaultBackend, 'spec.defaultBackend']);
    (ing.body.spec?.rules ?? []).forEach((r: any, i: number) => {
      (r.http?.paths ?? []).forEach((p: any, j: number) => {
        backends.push([p.backend, `${item(`${item('spec.rules', i)}.http.paths`, j)}.backend`]);
      });
    });
    for (const [backend, path] of backends) {
      const ref = backend?.service;
      if (!ref) continue;
      const svc = inv.get('Service', ing.namespace, ref.name);
      if (!svc) {
        report(REF_RULES.ingressService, ing, `${path}.service.name`, `"${ref.name}"`);
        continue;
      }
      const ports: any[] = svc.body.spec?.ports ?? [];
      const byNumber = ref.port?.number !== undefined;
      const found = byNumber ? ports.some(p => p.port === ref.port.number) : ports.some(p => p.name === ref.port?.name);
      if (!found) {
        const wanted = byNumber ? ref.port.number : ref.port?.name;
        report(REF_RULES.ingressPort, ing, `${path}.service.port.${byNumber ? 'number' : 'name'}`, `Service "${ref.name}" has no port ${JSON.stringify(wanted)}`);
      }
    }
  }
}

function checkScalingAndBudgets(inv: Inventory, report: Report): void {
  for (const hpa of inv.ofKind('HorizontalPodAutoscaler')) {
    const ref = hpa.body.spec?.scaleTargetRef ?? {};
    if (!inv.get(ref.kind, hpa.namespace, ref.name)) {
      report(REF_RULES.hpaTarget, hpa, 'spec.scaleTargetRef.name', `${ref.kind} "${ref.name}"`);
    }
  }
  for (const pdb of inv.ofKind('PodDisruptionBudget')) {
    const selector: LabelSelector | undefined = pdb.body.spec?.selector;
    if (!isEmptySelector(selector) && inv.templatesSelectedBy(pdb.namespace!, selector).length === 0) {
      report(REF_RULES.pdbSelector, pdb, 'spec.selector', JSON.stringify(selector));
    }
  }
  for (const kind of WORKLOADS_WITH_SELECTOR) {
    for (const w of inv.ofKind(kind)) {
      const selector = w.body.spec?.selector;
      const t = inv.templateOf(w);
      if (selector && t && !matchesSelector(selector, t.labels)) {
        report(REF_RULES.workloadSelector, w, 'spec.selector', JSON.stringify(selector));
      }
    }
  }
}

function checkNetworkPolicies(inv: Inventory, report: Report): void {
  for (const np of inv.ofKind('NetworkPolicy')) {
    const ns = np.namespace!;
    const selector = np.body.spec?.podSelector;
    // Pods another controller creates at run time (ACME solvers) have no template: the policy must say who creates them.
    const createdAtRuntime = Boolean(np.body.metadata?.annotations?.[RUNTIME_PODS_ANNOTATION]?.trim());
    if (!isEmptySelector(selector) && !createdAtRuntime && inv.templatesSelectedBy(ns, selector).length === 0) {
      report(REF_RULES.netpolSelector, np, 'spec.podSelector', JSON.stringify(selector));
    }
    const external = listAnnotation(np, EXTERNAL_NAMESPACES_ANNOTATION);
    for (const [dir, peersKey] of [['ingress', 'from'], ['egress', 'to']] as const) {
      (np.body.spec?.[dir] ?? []).forEach((r: any, i: number) => {
        (r[peersKey] ?? []).forEach((peer: any, j: number) => {
          const problem = peerProblem(inv, np, peer, external);
          if (problem) report(problem.rule, np, `${item(`${item(`spec.${dir}`, i)}.${peersKey}`, j)}.${problem.field}`, problem.detail);
        });
      });
    }
  }
}

/**
 * What is wrong with one peer, if anything. A podSelector alone selects pods of the policy's own namespace. With a
 * namespaceSelector, the selectors are checked only when the input declares namespaces: the namespaceSelector must
 * select a namespace of the input, a system namespace or one of `external` (the policy's external-namespaces), and
 * the podSelector must select pods there unless a selected namespace is one whose pods the input cannot show.
 */
function peerProblem(inv: Inventory, np: CheckedObject, peer: any, external: readonly string[]): { rule: Rule; field: string; detail: string } | undefined {
  if (!peer.namespaceSelector) {
    if (isEmptySelector(peer.podSelector) || inv.templatesSelectedBy(np.namespace!, peer.podSelector).length > 0) return undefined;
    return { rule: REF_RULES.netpolSelector, field: 'podSelector', detail: JSON.stringify(peer.podSelector) };
  }
  if (!inv.declaresNamespaces) return undefined;
  const namespaces = inv.namespacesSelectedBy(peer.namespaceSelector);
  const outside = external.filter(ns => matchesSelector(peer.namespaceSelector, { [NAMESPACE_NAME_LABEL]: ns }));
  if (namespaces.length === 0 && outside.length === 0) {
    return { rule: REF_RULES.netpolNamespace, field: 'namespaceSelector', detail: JSON.stringify(peer.namespaceSelector) };
  }
  if (isEmptySelector(peer.podSelector) || outside.length > 0 || !namespaces.every(n => inv.namespaces.has(n))) return undefined;
  if (namespaces.some(n => inv.templatesSelectedBy(n, peer.podSelector).length > 0)) return undefined;
  return { rule: REF_RULES.netpolSelector, field: 'podSelector', detail: `${JSON.stringify(peer.podSelector)} in namespace ${namespaces.join(', ')}` };
}

function checkBindings(inv: Inventory, report: Report): void {
  for (const b of [...inv.ofKind('RoleBinding'), ...inv.ofKind('ClusterRoleBinding')]) {
    const ref = b.body.roleRef ?? {};
    const exists = ref.kind === 'Role'
      ? b.kind === 'RoleBinding' && !!inv.get('Role', b.namespace, ref.name)
      : ref.kind === 'ClusterRole'
        && (!!inv.get('ClusterRole', undefined, ref.name) || BUILTIN_CLUSTER_ROLES.has(ref.name) || String(ref.name).startsWith('system:'));
    if (!exists) report(REF_RULES.role, b, 'roleRef.name', `${ref.kind} "${ref.name}"`);
    // Only subjects in namespaces this output owns can be checked; others (e.g. kube-system) live elsewhere.
    (b.body.subjects ?? []).forEach((s: any, i: number) => {
      const ns = s.namespace ?? b.namespace;
      if (s.kind !== 'ServiceAccount' || !inv.namespaces.has(ns) || s.name === 'default') return;
      if (!inv.get('ServiceAccount', ns, s.name)) {
        report(REF_RULES.serviceAccount, b, `${item('subjects', i)}.name`, `ServiceAccount "${ns}/${s.name}"`);
      }
    });
  }
}

/** `namespace \0 <template>-<statefulset>-`: the claims a StatefulSet creates are `<prefix><ordinal>`. */
function statefulSetClaimPrefixes(inv: Inventory): Set<string> {
  const prefixes = new Set<string>();
  for (const sts of inv.ofKind('StatefulSet')) {
    for (const vct of sts.body.spec?.volumeClaimTemplates ?? []) {
      prefixes.add(`${sts.namespace}\0${vct.metadata?.name}-${sts.name}-`);
    }
  }
  return prefixes;
}

function checkPodReferences(inv: Inventory, t: PodTemplate, claimPrefixes: Set<string>, report: Report): void {
  const o = t.owner;
  const ns = t.namespace;
  const sp = t.specPath;

  const configMap = (name: string, optional: boolean | undefined, path: string, keys: Array<[string, string]>) => {
    if (optional) return;
    const cm = inv.get('ConfigMap', ns, name);
    if (!cm) return report(REF_RULES.configMap, o, path, `ConfigMap "${name}"`);
    for (const [k, keyPath] of keys) {
      if (cm.body.data?.[k] === undefined && cm.body.binaryData?.[k] === undefined) {
        report(REF_RULES.configMapKey, o, keyPath, `ConfigMap "${name}" has no key "${k}"`);
      }
    }
  };
  const external = new Set(listAnnotation(o, EXTERNAL_SECRETS_ANNOTATION));
  const secret = (name: string, optional: boolean | undefined, path: string, keys: Array<[string, string]>) => {
    if (optional || external.has(name)) return;
    const rendered = inv.get('Secret', ns, name);
    const declared = rendered ? undefined : inv.declaredSecrets.get(`${ns}/${name}`);
    if (!rendered && !declared) {
      return report(inv.hasDeclaredSecretsConfigMap ? REF_RULES.secret : SECRET_OUTSIDE_PLATFORM, o, path, `Secret "${name}"`);
    }
    const held = rendered ? secretKeys(rendered) : declared!.keys;
    for (const [k, keyPath] of keys) {
      if (held && !held.has(k)) report(REF_RULES.secretKey, o, keyPath, `Secret "${name}" ${rendered ? 'has' : 'declares'} no key "${k}"`);
    }
  };
  const itemKeys = (items: any[] | undefined, base: string): Array<[string, string]> =>
    (items ?? []).map((it, k) => [it.key, `${item(`${base}.items`, k)}.key`]);

  const mountable = new Set<string>();
  (t.spec.volumes ?? []).forEach((v: any, i: number) => {
    const vp = item(`${sp}.volumes`, i);
    mountable.add(v.name);
    if (v.configMap) configMap(v.configMap.name, v.configMap.optional, `${vp}.configMap.name`, itemKeys(v.configMap.items, `${vp}.configMap`));
    if (v.secret) secret(v.secret.secretName, v.secret.optional, `${vp}.secret.secretName`, itemKeys(v.secret.items, `${vp}.secret`));
    if (v.persistentVolumeClaim) {
      const claim = v.persistentVolumeClaim.claimName;
      const ordinalStripped = String(claim).replace(/\d+$/, '');
      if (!inv.get('PersistentVolumeClaim', ns, claim) && !claimPrefixes.has(`${ns}\0${ordinalStripped}`)) {
        report(REF_RULES.pvc, o, `${vp}.persistentVolumeClaim.claimName`, `PersistentVolumeClaim "${claim}"`);
      }
    }
    (v.projected?.sources ?? []).forEach((s: any, j: number) => {
      const spath = item(`${vp}.projected.sources`, j);
      if (s.configMap) configMap(s.configMap.name, s.configMap.optional, `${spath}.configMap.name`, itemKeys(s.configMap.items, `${spath}.configMap`));
      if (s.secret) secret(s.secret.name, s.secret.optional, `${spath}.secret.name`, itemKeys(s.secret.items, `${spath}.secret`));
    });
  });
  if (o.kind === 'StatefulSet') {
    for (const vct of o.body.spec?.volumeClaimTemplates ?? []) mountable.add(vct.metadata?.name);
  }

  for (const { container: c, path } of containersOf(t)) {
    (c.envFrom ?? []).forEach((e: any, i: number) => {
      const ep = item(`${path}.envFrom`, i);
      if (e.configMapRef) configMap(e.configMapRef.name, e.configMapRef.optional, `${ep}.configMapRef.name`, []);
      if (e.secretRef) secret(e.secretRef.name, e.secretRef.optional, `${ep}.secretRef.name`, []);
    });
    (c.env ?? []).forEach((e: any, i: number) => {
      const vp = `${item(`${path}.env`, i)}.valueFrom`;
      const cmRef = e.valueFrom?.configMapKeyRef;
      const secRef = e.valueFrom?.secretKeyRef;
      if (cmRef) configMap(cmRef.name, cmRef.optional, `${vp}.configMapKeyRef.name`, [[cmRef.key, `${vp}.configMapKeyRef.key`]]);
      if (secRef) secret(secRef.name, secRef.optional, `${vp}.secretKeyRef.name`, [[secRef.key, `${vp}.secretKeyRef.key`]]);
    });
    (c.volumeMounts ?? []).forEach((m: any, i: number) => {
      if (!mountable.has(m.name)) report(REF_RULES.volumeMount, o, `${item(`${path}.volumeMounts`, i)}.name`, `container "${c.name}" mounts "${m.name}"`);
    });
  }

  (t.spec.imagePullSecrets ?? []).forEach((s: any, i: number) => secret(s.name, false, `${item(`${sp}.imagePullSecrets`, i)}.name`, []));

  const sa = t.spec.serviceAccountName ?? t.spec.serviceAccount;
  if (sa !== undefined && sa !== 'default' && !inv.get('ServiceAccount', ns, sa)) {
    report(REF_RULES.serviceAccount, o, field(sp, t.spec.serviceAccountName !== undefined ? 'serviceAccountName' : 'serviceAccount'), `ServiceAccount "${sa}"`);
  }
}

/** The keys a Secret of the output holds; undefined when it has neither data nor stringData (a controller fills it). */
function secretKeys(secret: CheckedObject): ReadonlySet<string> | undefined {
  const keys = [...Object.keys(secret.body.data ?? {}), ...Object.keys(secret.body.stringData ?? {})];
  return keys.length > 0 ? new Set(keys) : undefined;
}

/** The comma-separated names of an annotation of `o`, trimmed; none when it is absent. */
function listAnnotation(o: CheckedObject, annotation: string): string[] {
  return String(o.body.metadata?.annotations?.[annotation] ?? '').split(',').map(n => n.trim()).filter(Boolean);
}
