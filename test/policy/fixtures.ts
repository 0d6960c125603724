import { parse, stringify } from 'yaml';
import { checkManifests, Rule, Violation } from '../../lib/policy';

/** Labels of one app, used both on pod templates and in selectors. */
const labels = (name: string) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'test' });

const restrictedPod = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
const restrictedContainer = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
const resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } };
const probes = {
  readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
  livenessProbe: { httpGet: { path: '/live', port: 'http' } },
};

/**
 * Jenkins Configuration-as-Code with one cloud whose agents run in `apps` (restricted) and carry the cloud's
 * `podLabels` (the `jenkins-agent` app labels, which the pod YAML itself lacks). Template 0 (`build`) uses the cloud
 * namespace and is compliant; template 1 (`root-tools`) runs as root in its own namespace `agents` (privileged).
 */
function jenkinsYaml(): string {
  const pod = (name: string, spec: any) => stringify({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { labels: { 'app.kubernetes.io/component': name } },
    spec: { ...spec, containers: [{ name: 'jnlp', image: 'jenkins/inbound-agent:3355.v388858a_47b_33-1', resources, ...spec.containers[0] }] },
  });
  return stringify({ jenkins: { numExecutors: 0, clouds: [{ kubernetes: {
    name: 'kubernetes', namespace: 'apps',
    podLabels: Object.entries(labels('jenkins-agent')).map(([key, value]) => ({ key, value })),
    templates: [
      { name: 'build', label: 'build', yaml: pod('build', {
        serviceAccountName: 'agent', securityContext: restrictedPod,
        containers: [{ securityContext: restrictedContainer, volumeMounts: [{ name: 'config', mountPath: '/etc/web' }] }],
        volumes: [{ name: 'config', configMap: { name: 'web-config' } }],
      }) },
      { name: 'root-tools', namespace: 'agents', label: 'root', yaml: pod('root-tools', { containers: [{ securityContext: { runAsUser: 0 } }] }) },
    ],
  } }] } });
}

/** A Namespace enforcing `level`; a weaker one than restricted says why, as PSS-NAMESPACE-REASON requires. */
export function namespace(name: string, level: string) {
  const annotations = level === 'restricted' ? undefined : { 'platform.internal/pod-security-reason': 'node agents need the host' };
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'pod-security.kubernetes.io/enforce': level }, annotations } };
}

/**
 * A small platform that passes every rule: each rule test breaks exactly one thing in a fresh copy.
 * Namespace `apps` is restricted, `agents` privileged.
 */
export function platform(): any[] {
  // JSON round trip: shared parts (security contexts, resources) become separate copies per container.
  return JSON.parse(JSON.stringify([
    namespace('apps', 'restricted'),
    namespace('agents', 'privileged'),
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'apps' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config', namespace: 'apps' }, data: { MODE: 'prod', 'app.conf': 'x' } },
    {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'declared-secrets', namespace: 'apps', labels: { 'platform.internal/declared-secrets': 'true' } },
      data: { 'secrets.json': JSON.stringify({ secrets: [{ name: 'web-db', namespaces: ['apps'], origin: 'bootstrap', keys: ['password'] }] }) },
    },
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'web-cache', namespace: 'apps' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'apps', labels: labels('web') },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels('web') },
        template: {
          metadata: { labels: { ...labels('web'), 'app.kubernetes.io/component': 'frontend' } },
          spec: {
            serviceAccountName: 'web',
            securityContext: restrictedPod,
            initContainers: [{ name: 'migrate', image: 'registry.local:5000/web:1.2.3', securityContext: restrictedContainer, resources }],
            containers: [{
              name: 'web', image: 'nginx:1.25.3', securityContext: restrictedContainer, resources, ...probes,
              ports: [{ name: 'http', containerPort: 8080 }],
              env: [
                { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'web-config', key: 'MODE' } } },
                { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'web-db', key: 'password' } } },
                { name: 'PASSWORD_FILE', value: '/run/secrets/password' },
              ],
              envFrom: [{ configMapRef: { name: 'web-config' } }],
              volumeMounts: [{ name: 'config', mountPath: '/etc/web' }, { name: 'db', mountPath: '/run/secrets' },
                { name: 'tmp', mountPath: '/tmp' }, { name: 'cache', mountPath: '/cache' }],
            }],
            volumes: [
              { name: 'config', configMap: { name: 'web-config', items: [{ key: 'app.conf', path: 'app.conf' }] } },
              { name: 'db', secret: { secretName: 'web-db' } },
              { name: 'tmp', emptyDir: {} },
              { name: 'cache', persistentVolumeClaim: { claimName: 'web-cache' } },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'apps' },
      spec: { selector: labels('web'), ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    },
    {
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'apps' },
      spec: {
        defaultBackend: { service: { name: 'web', port: { name: 'http' } } },
        rules: [{ host: 'web.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
      },
    },
    {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'apps' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 4 },
    },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'apps' }, spec: { maxUnavailable: 1, selector: { matchLabels: labels('web') } } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: 'apps' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } },
    {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'db-from-web', namespace: 'apps' },
      spec: {
        podSelector: { matchLabels: labels('db') },
        ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['web'] }] } }, { namespaceSelector: {}, podSelector: { matchLabels: { anything: 'x' } } }] }],
      },
    },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader', namespace: 'apps' }, rules: [] },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'web-reader', namespace: 'apps' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'apps' }, { kind: 'ServiceAccount', name: 'coredns', namespace: 'kube-system' }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'web-view' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'apps' }],
    },
    {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'apps' },
      spec: {
        replicas: 1, serviceName: 'db',
        selector: { matchLabels: labels('db') },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
        template: {
          metadata: { labels: labels('db') },
          spec: {
            securityContext: restrictedPod,
            containers: [{ name: 'db', image: 'postgres@sha256:' + 'a'.repeat(64), securityContext: restrictedContainer, resources, ...probes, volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
          },
        },
      },
    },
    {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'backup', namespace: 'apps' },
      spec: {
        schedule: '0 3 * * *',
        jobTemplate: { spec: { template: { metadata: { labels: labels('backup') }, spec: {
          restartPolicy: 'OnFailure', securityContext: restrictedPod,
          containers: [{ name: 'backup', image: 'postgres:16.1', securityContext: restrictedContainer, resources, volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }],
        } } } },
      },
    },
    // The Jenkins controller's config lives in the privileged namespace: agent pods are held to their own namespace's level.
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'jenkins-config', namespace: 'agents' },
      data: { 'jenkins.yaml': jenkinsYaml(), 'plugins.txt': 'kubernetes:4423.vb_59f230b_ce53\n' } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'agent', namespace: 'apps' } },
    {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'agent-egress', namespace: 'apps' },
      spec: { podSelector: { matchLabels: labels('jenkins-agent') }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: labels('web') } }] }] },
    },
    {
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'agents' },
      spec: {
        selector: { matchLabels: labels('agent') },
        template: { metadata: { labels: labels('agent') }, spec: {
          hostNetwork: true,
          containers: [{ name: 'agent', image: 'fluentd:v1.16', securityContext: { privileged: true, runAsUser: 0 }, resources, ...probes,
            volumeMounts: [{ name: 'logs', mountPath: '/var/log' }] }],
          volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }],
        } },
      },
    },
  ]));
}

export function check(objects: any[]): Violation[] {
  return checkManifests(objects.map(object => ({ object })));
}

/** The object of `kind` named `name` (first match) in a list of objects. */
export function find(objects: any[], kind: string, name: string): any {
  const found = objects.find(o => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}

/** The pod spec of the `web` Deployment of the fixture. */
export function webPod(objects: any[]): any {
  return find(objects, 'Deployment', 'web').spec.template.spec;
}

/** Rewrites the JCasC document of the fixture's `jenkins-config` ConfigMap. */
export function editJcasc(objects: any[], edit: (jcasc: any) => void): void {
  const cm = find(objects, 'ConfigMap', 'jenkins-config');
  const jcasc = parse(cm.data['jenkins.yaml']);
  edit(jcasc);
  cm.data['jenkins.yaml'] = stringify(jcasc);
}

/** Rewrites the pod of JCasC template `index` (0 `build`, 1 `root-tools`): YAML inside the JCasC YAML. */
export function editAgentPod(objects: any[], index: number, edit: (pod: any) => void): void {
  editJcasc(objects, jcasc => {
    const template = jcasc.jenkins.clouds[0].kubernetes.templates[index];
    const pod = parse(template.yaml);
    edit(pod);
    template.yaml = stringify(pod);
  });
}

/** A crafted break of one rule: applied to a fresh platform(), it must report `rule` on `kind/name` at `path`. */
export interface RuleCase {
  readonly rule: Rule;
  readonly title: string;
  readonly kind: string;
  readonly name: string;
  readonly path: string;
  readonly breakIt: (objects: any[]) => void;
}

/** A change that must keep the platform free of violations (a near miss the rules must accept). */
export interface QuietCase {
  readonly title: string;
  readonly change: (objects: any[]) => void;
}

/**
 * Runs the fire/quiet cases of one rule family and asserts that every rule of the family has a firing case,
 * so a rule that cannot fail is caught.
 */
export function describeRules(family: { rules: readonly Rule[] }, cases: readonly RuleCase[], quiet: readonly QuietCase[]): void {
  test('the fixture platform passes', () => {
    expect(check(platform())).toEqual([]);
  });

  test('every rule of the family has a firing case', () => {
    expect(new Set(cases.map(c => c.rule.id))).toEqual(new Set(family.rules.map(r => r.id)));
  });

  test.each(cases.map(c => [`${c.rule.id}: ${c.title}`, c] as const))('fires %s', (_title, c) => {
    const objects = platform();
    c.breakIt(objects);
    const violations = check(objects);
    expect(violations).toContainEqual(expect.objectContaining({ ruleId: c.rule.id, kind: c.kind, name: c.name, path: c.path, hint: c.rule.hint }));
  });

  if (quiet.length > 0) {
    test.each(quiet.map(q => [q.title, q] as const))('stays quiet: %s', (_title, q) => {
      const objects = platform();
      q.change(objects);
      expect(check(objects)).toEqual([]);
    });
  }
}
