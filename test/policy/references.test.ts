import { EXTERNAL_NAMESPACES_ANNOTATION, RUNTIME_PODS_ANNOTATION } from '../../lib/core/platform-keys';
import { checkManifests } from '../../lib/policy/check';
import { EXTERNAL_SECRETS_ANNOTATION, REF_RULES, references } from '../../lib/policy/rules/references';
import { check, describeRules, find, platform, QuietCase, RuleCase, webPod } from './fixtures';

const W = 'spec.template.spec';
const C0 = `${W}.containers[0]`;
const web = { kind: 'Deployment', name: 'web' };
const webContainer = (o: any[]) => webPod(o).containers[0];
/** A CRD's one served version (a CRD needs at least one). */
const widgetVersion = { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } };
const declared = (o: any[]) => find(o, 'ConfigMap', 'declared-secrets');
const byName = (ns: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': ns } });
/** Appends a peer to the `db-from-web` policy's ingress[0].from (as from[2]). */
const addPeer = (o: any[], peer: object, annotations?: Record<string, string>) => {
  const np = find(o, 'NetworkPolicy', 'db-from-web');
  np.spec.ingress[0].from.push(peer);
  np.metadata.annotations = annotations;
};
const PEER = 'spec.ingress[0].from[2]';
const netpol = { kind: 'NetworkPolicy', name: 'db-from-web' };
/** A Secret rendered with data (SEC-SECRET-DATA also fires: only the references are looked at). */
const renderedSecret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'api', namespace: 'apps' }, data: { token: 'eA==' }, stringData: { user: 'x' } };
/** A cert-manager Certificate: cert-manager creates its Secret `secretName` in the same namespace. */
const certificate = (namespace: string, secretName: string) => ({
  apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: secretName, namespace },
  spec: { secretName, dnsNames: ['web.apps.svc'], issuerRef: { kind: 'ClusterIssuer', name: 'platform-ca' } },
});

const cases: RuleCase[] = [
  { rule: REF_RULES.namespace, title: 'undeclared namespace', kind: 'ServiceAccount', name: 'web', path: 'metadata.namespace',
    breakIt: o => { find(o, 'ServiceAccount', 'web').metadata.namespace = 'ap'; } },
  { rule: REF_RULES.namespace, title: 'namespaced object without namespace', kind: 'Role', name: 'reader', path: 'metadata.namespace',
    breakIt: o => { delete find(o, 'Role', 'reader').metadata.namespace; } },
  { rule: REF_RULES.serviceSelector, title: 'selector label typo', kind: 'Service', name: 'web', path: 'spec.selector',
    breakIt: o => { find(o, 'Service', 'web').spec.selector['app.kubernetes.io/name'] = 'wbe'; } },
  { rule: REF_RULES.serviceSelector, title: 'pods in another namespace do not count', kind: 'Service', name: 'web', path: 'spec.selector',
    breakIt: o => { find(o, 'Service', 'web').metadata.namespace = 'agents'; } },
  { rule: REF_RULES.serviceTargetPort, title: 'named targetPort missing', kind: 'Service', name: 'web', path: 'spec.ports[0].targetPort',
    breakIt: o => { find(o, 'Service', 'web').spec.ports[0].targetPort = 'htp'; } },
  { rule: REF_RULES.ingressService, title: 'unknown Service', kind: 'Ingress', name: 'web', path: 'spec.rules[0].http.paths[0].backend.service.name',
    breakIt: o => { find(o, 'Ingress', 'web').spec.rules[0].http.paths[0].backend.service.name = 'webb'; } },
  { rule: REF_RULES.ingressPort, title: 'port number not on the Service', kind: 'Ingress', name: 'web', path: 'spec.rules[0].http.paths[0].backend.service.port.number',
    breakIt: o => { find(o, 'Ingress', 'web').spec.rules[0].http.paths[0].backend.service.port = { number: 8080 }; } },
  { rule: REF_RULES.ingressPort, title: 'port name not on the Service', kind: 'Ingress', name: 'web', path: 'spec.defaultBackend.service.port.name',
    breakIt: o => { find(o, 'Ingress', 'web').spec.defaultBackend.service.port = { name: 'https' }; } },
  { rule: REF_RULES.hpaTarget, title: 'wrong kind', kind: 'HorizontalPodAutoscaler', name: 'web', path: 'spec.scaleTargetRef.name',
    breakIt: o => { find(o, 'HorizontalPodAutoscaler', 'web').spec.scaleTargetRef.kind = 'StatefulSet'; } },
  { rule: REF_RULES.pdbSelector, title: 'selects nothing', kind: 'PodDisruptionBudget', name: 'web', path: 'spec.selector',
    breakIt: o => { find(o, 'PodDisruptionBudget', 'web').spec.selector.matchLabels['app.kubernetes.io/instance'] = 'prod'; } },
  { rule: REF_RULES.workloadSelector, title: 'selector not in template labels', ...web, path: 'spec.selector',
    breakIt: o => { find(o, 'Deployment', 'web').spec.selector.matchLabels.track = 'canary'; } },
  { rule: REF_RULES.netpolSelector, title: 'podSelector selects nothing', kind: 'NetworkPolicy', name: 'db-from-web', path: 'spec.podSelector',
    breakIt: o => { find(o, 'NetworkPolicy', 'db-from-web').spec.podSelector.matchLabels['app.kubernetes.io/name'] = 'postgres'; } },
  { rule: REF_RULES.netpolSelector, title: 'runtime-pods annotation without a creator', kind: 'NetworkPolicy', name: 'db-from-web', path: 'spec.podSelector',
    breakIt: o => {
      const np = find(o, 'NetworkPolicy', 'db-from-web');
      np.spec.podSelector.matchLabels = { 'acme.cert-manager.io/http01-solver': 'true' };
      np.metadata.annotations = { [RUNTIME_PODS_ANNOTATION]: ' ' };
    } },
  { rule: REF_RULES.netpolSelector, title: 'same-namespace peer selects nothing', kind: 'NetworkPolicy', name: 'db-from-web',
    path: 'spec.ingress[0].from[0].podSelector',
    breakIt: o => { find(o, 'NetworkPolicy', 'db-from-web').spec.ingress[0].from[0].podSelector.matchExpressions[0].values = ['wbe']; } },
  { rule: REF_RULES.netpolNamespace, title: 'namespaceSelector name typo', ...netpol, path: `${PEER}.namespaceSelector`,
    breakIt: o => addPeer(o, { namespaceSelector: byName('agnets') }) },
  { rule: REF_RULES.netpolNamespace, title: 'namespaceSelector on a label no Namespace carries', ...netpol, path: `${PEER}.namespaceSelector`,
    breakIt: o => addPeer(o, { namespaceSelector: { matchLabels: { team: 'a' } }, podSelector: {} }) },
  { rule: REF_RULES.netpolNamespace, title: 'typo of a namespace the policy lists as external', ...netpol, path: `${PEER}.namespaceSelector`,
    breakIt: o => addPeer(o, { namespaceSelector: byName('ingres-nginx') }, { [EXTERNAL_NAMESPACES_ANNOTATION]: 'ingress-nginx' }) },
  { rule: REF_RULES.netpolSelector, title: 'podSelector selects nothing in the selected declared namespace', ...netpol, path: `${PEER}.podSelector`,
    breakIt: o => addPeer(o, { namespaceSelector: byName('agents'), podSelector: { matchLabels: { 'app.kubernetes.io/name': 'agnet' } } }) },
  { rule: REF_RULES.configMap, title: 'volume ConfigMap missing', ...web, path: `${W}.volumes[0].configMap.name`,
    breakIt: o => { webPod(o).volumes[0].configMap.name = 'web-cfg'; } },
  { rule: REF_RULES.configMap, title: 'envFrom ConfigMap missing', ...web, path: `${C0}.envFrom[0].configMapRef.name`,
    breakIt: o => { webContainer(o).envFrom[0].configMapRef.name = 'nope'; } },
  { rule: REF_RULES.configMap, title: 'projected ConfigMap missing', ...web, path: `${W}.volumes[4].projected.sources[0].configMap.name`,
    breakIt: o => { webPod(o).volumes.push({ name: 'p', projected: { sources: [{ configMap: { name: 'nope' } }] } }); } },
  { rule: REF_RULES.configMapKey, title: 'env key missing', ...web, path: `${C0}.env[0].valueFrom.configMapKeyRef.key`,
    breakIt: o => { webContainer(o).env[0].valueFrom.configMapKeyRef.key = 'MOD'; } },
  { rule: REF_RULES.configMapKey, title: 'volume item key missing', ...web, path: `${W}.volumes[0].configMap.items[0].key`,
    breakIt: o => { webPod(o).volumes[0].configMap.items[0].key = 'nginx.conf'; } },
  { rule: REF_RULES.secret, title: 'declared for another namespace only', kind: 'StatefulSet', name: 'db', path: `${C0}.env[0].valueFrom.secretKeyRef.name`,
    breakIt: o => { find(o, 'StatefulSet', 'db').spec.template.spec.containers[0].env = [{ name: 'P', valueFrom: { secretKeyRef: { name: 'web-db-x', key: 'password' } } }]; } },
  { rule: REF_RULES.secret, title: 'imagePullSecret missing', ...web, path: `${W}.imagePullSecrets[0].name`,
    breakIt: o => { webPod(o).imagePullSecrets = [{ name: 'regcred' }]; } },
  { rule: REF_RULES.secretKey, title: 'key not declared', ...web, path: `${C0}.env[1].valueFrom.secretKeyRef.key`,
    breakIt: o => { webContainer(o).env[1].valueFrom.secretKeyRef.key = 'pass'; } },
  { rule: REF_RULES.secret, title: 'Certificate Secret of another namespace', ...web, path: `${W}.volumes[4].secret.secretName`,
    breakIt: o => { o.push(certificate('agents', 'web-tls')); webPod(o).volumes.push({ name: 'tls', secret: { secretName: 'web-tls' } }); } },
  { rule: REF_RULES.secretKey, title: 'key a Certificate Secret does not hold', ...web, path: `${W}.volumes[4].secret.items[0].key`,
    breakIt: o => { o.push(certificate('apps', 'web-tls')); webPod(o).volumes.push({ name: 'tls', secret: { secretName: 'web-tls', items: [{ key: 'password', path: 'p' }] } }); } },
  { rule: REF_RULES.secretKey, title: 'key the rendered Secret does not hold', ...web, path: `${C0}.env[3].valueFrom.secretKeyRef.key`,
    breakIt: o => { o.push(renderedSecret); webContainer(o).env.push({ name: 'T', valueFrom: { secretKeyRef: { name: 'api', key: 'tokn' } } }); } },
  { rule: REF_RULES.pvc, title: 'claim missing', kind: 'CronJob', name: 'backup', path: 'spec.jobTemplate.spec.template.spec.volumes[0].persistentVolumeClaim.claimName',
    breakIt: o => { find(o, 'CronJob', 'backup').spec.jobTemplate.spec.template.spec.volumes[0].persistentVolumeClaim.claimName = 'data-dbx-0'; } },
  { rule: REF_RULES.volumeMount, title: 'mount of an undefined volume', ...web, path: `${C0}.volumeMounts[1].name`,
    breakIt: o => { webContainer(o).volumeMounts[1].name = 'secrets'; } },
  { rule: REF_RULES.serviceAccount, title: 'pod ServiceAccount missing', ...web, path: `${W}.serviceAccountName`,
    breakIt: o => { webPod(o).serviceAccountName = 'webb'; } },
  { rule: REF_RULES.serviceAccount, title: 'binding subject missing in an owned namespace', kind: 'RoleBinding', name: 'web-reader', path: 'subjects[0].name',
    breakIt: o => { find(o, 'RoleBinding', 'web-reader').subjects[0].name = 'webb'; } },
  { rule: REF_RULES.role, title: 'Role missing', kind: 'RoleBinding', name: 'web-reader', path: 'roleRef.name',
    breakIt: o => { find(o, 'RoleBinding', 'web-reader').roleRef.name = 'writer'; } },
  { rule: REF_RULES.role, title: 'ClusterRoleBinding cannot use a Role', kind: 'ClusterRoleBinding', name: 'web-view', path: 'roleRef.name',
    breakIt: o => { find(o, 'ClusterRoleBinding', 'web-view').roleRef = { kind: 'Role', name: 'reader' }; } },
  { rule: REF_RULES.role, title: 'unknown ClusterRole', kind: 'ClusterRoleBinding', name: 'web-view', path: 'roleRef.name',
    breakIt: o => { find(o, 'ClusterRoleBinding', 'web-view').roleRef.name = 'viewer'; } },
  { rule: REF_RULES.declaredSecrets, title: 'not JSON', kind: 'ConfigMap', name: 'declared-secrets', path: 'data["secrets.json"]',
    breakIt: o => { declared(o).data['secrets.json'] = '{secrets:'; } },
  { rule: REF_RULES.declaredSecrets, title: 'entry without keys', kind: 'ConfigMap', name: 'declared-secrets', path: 'data["secrets.json"]',
    breakIt: o => { declared(o).data['secrets.json'] = JSON.stringify({ secrets: [{ name: 'web-db', namespaces: ['apps'] }] }); } },
];

const quiet: QuietCase[] = [
  { title: 'a policy for pods a named controller creates at run time (ACME solver)', change: o => {
    const np = find(o, 'NetworkPolicy', 'db-from-web');
    np.spec.podSelector.matchLabels = { 'acme.cert-manager.io/http01-solver': 'true' };
    np.metadata.annotations = { [RUNTIME_PODS_ANNOTATION]: 'cert-manager (ACME HTTP-01 solver)' };
  } },
  { title: 'namespaceSelectors of declared namespaces (by name or by label), system namespaces and listed external ones', change: o => {
    find(o, 'Namespace', 'agents').metadata.labels.team = 'ops';
    addPeer(o, { namespaceSelector: byName('agents'), podSelector: { matchLabels: { 'app.kubernetes.io/name': 'agent' } } },
      { [EXTERNAL_NAMESPACES_ANNOTATION]: 'ingress-nginx, monitoring' });
    find(o, 'NetworkPolicy', 'db-from-web').spec.ingress[0].from.push(
      { namespaceSelector: { matchLabels: { team: 'ops' } } },
      { namespaceSelector: byName('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
      { namespaceSelector: byName('ingress-nginx'), podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } },
      { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['monitoring', 'nowhere'] }] } },
    );
  } },
  { title: 'a cert-manager Certificate of the output creates its Secret (tls.crt, tls.key, ca.crt)', change: o => {
    o.push(certificate('apps', 'web-tls'));
    webPod(o).volumes.push({ name: 'tls', secret: { secretName: 'web-tls', items: [{ key: 'ca.crt', path: 'ca.crt' }] } });
  } },
  { title: 'optional references may be missing', change: o => {
    webPod(o).volumes.push({ name: 'opt', secret: { secretName: 'maybe', optional: true } });
    webContainer(o).envFrom.push({ configMapRef: { name: 'maybe', optional: true } });
  } },
  { title: 'a rendered Secret without data resolves, a rendered PVC resolves, built-in ClusterRoles resolve', change: o => {
    o.push({ apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/dockerconfigjson', metadata: { name: 'regcred', namespace: 'apps' } });
    webPod(o).imagePullSecrets = [{ name: 'regcred' }];
    find(o, 'ClusterRoleBinding', 'web-view').roleRef.name = 'system:auth-delegator';
  } },
  { title: 'ClusterRole rendered in the output; RoleBinding to a ClusterRole', change: o => {
    o.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'log-reader' }, rules: [] });
    find(o, 'RoleBinding', 'web-reader').roleRef = { kind: 'ClusterRole', name: 'log-reader' };
  } },
  { title: 'Services without selector, and ExternalName Services', change: o => {
    o.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'manual', namespace: 'apps' }, spec: { ports: [{ port: 5432 }] } });
    o.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext', namespace: 'apps' }, spec: { type: 'ExternalName', externalName: 'db.example.com', selector: { no: 'pods' } } });
  } },
  { title: 'custom resources of a cluster-scoped CRD in the output need no namespace', change: o => {
    o.push({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', scope: 'Cluster', names: { kind: 'Widget', plural: 'widgets' }, versions: [widgetVersion] } });
    o.push({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } });
  } },
];

describe('reference integrity', () => {
  describeRules(references, cases, quiet);

  test('namespace membership is not enforced when the output declares no Namespace (hand-written files)', () => {
    const objects = platform().filter(o => o.kind !== 'Namespace');
    const ids = check(objects).map(v => v.ruleId);
    expect(ids).not.toContain('REF-NAMESPACE');
    expect(ids.filter(id => id.startsWith('REF-'))).toEqual([]);
  });

  test('namespaceSelectors are not judged when the input declares no Namespace (it does not say which exist)', () => {
    const objects = platform().filter(o => o.kind !== 'Namespace');
    addPeer(objects, { namespaceSelector: byName('agnets'), podSelector: { matchLabels: { nothing: 'here' } } });
    expect(check(objects).filter(v => v.ruleId.startsWith('REF-'))).toEqual([]);
  });

  test('keys of a rendered Secret resolve from data and stringData; one without either is filled at run time (keys unknown)', () => {
    const objects = platform();
    objects.push(renderedSecret, { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token', metadata: { name: 'sa-token', namespace: 'apps' } });
    webContainer(objects).env.push(
      { name: 'T', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
      { name: 'U', valueFrom: { secretKeyRef: { name: 'api', key: 'user' } } },
      { name: 'S', valueFrom: { secretKeyRef: { name: 'sa-token', key: 'token' } } },
    );
    expect(check(objects).filter(v => v.ruleId.startsWith('REF-'))).toEqual([]);
  });

  describe('Secrets created outside the input', () => {
    /** Hand-written input: no declared-secrets ConfigMap, the web Deployment reads web-db (and api) from outside. */
    const handWritten = () => {
      const objects = platform().filter(o => o.metadata.name !== 'declared-secrets');
      webContainer(objects).env.push({ name: 'A', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } });
      return objects;
    };
    const refSecrets = (objects: any[], externalSecrets?: string[]) =>
      checkManifests(objects.map(object => ({ object })), { externalSecrets }).filter(v => v.ruleId.startsWith('REF-SECRET'));

    test('fire with a hint for hand-written input: the annotation or --external-secret, not the declared-secrets ConfigMap', () => {
      const violations = refSecrets(handWritten());
      expect(violations.map(v => v.detail)).toEqual(['Secret "web-db"', 'Secret "web-db"', 'Secret "api"']); // volume, env, env
      for (const v of violations) {
        expect(v.hint).toContain(`${EXTERNAL_SECRETS_ANNOTATION}: <name>`);
        expect(v.hint).toContain('--external-secret <namespace>/<name>');
        expect(v.hint).not.toContain('declared-secrets');
      }
      // This repository's render lists its secrets in declared-secrets ConfigMaps: the hint points there.
      const platformInput = platform();
      webContainer(platformInput).env.push({ name: 'A', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } });
      expect(refSecrets(platformInput)).toEqual([expect.objectContaining({ detail: 'Secret "api"', hint: REF_RULES.secret.hint })]);
    });

    test('stay quiet when the workload names them in its annotation', () => {
      const objects = handWritten();
      find(objects, 'Deployment', 'web').metadata.annotations = { [EXTERNAL_SECRETS_ANNOTATION]: 'web-db, api' };
      expect(refSecrets(objects)).toEqual([]);
    });

    test('stay quiet when declared with --external-secret namespace/name (keys unchecked); other namespaces still fire', () => {
      expect(refSecrets(handWritten(), ['apps/web-db', 'apps/api'])).toEqual([]);
      expect(refSecrets(handWritten(), ['agents/web-db', 'apps/api']).map(v => v.detail)).toEqual(['Secret "web-db"', 'Secret "web-db"']);
    });
  });

  test('references resolve only within the namespace', () => {
    const objects = platform();
    find(objects, 'ConfigMap', 'web-config').metadata.namespace = 'agents';
    expect(check(objects).filter(v => v.ruleId === 'REF-CONFIGMAP').map(v => v.path)).toEqual([
      'spec.template.spec.volumes[0].configMap.name',
      'spec.template.spec.containers[0].envFrom[0].configMapRef.name',
      'spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.name',
      'data["jenkins.yaml"].jenkins.clouds[0].kubernetes.templates[0].yaml.spec.volumes[0].configMap.name',
    ]);
  });
});
