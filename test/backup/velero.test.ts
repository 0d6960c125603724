import * as path from 'path';
import { Testing } from 'cdk8s';
import { k8s } from '../../lib/core/k8s';
import { PLATFORM_SCHEDULE, tenantScheduleName } from '../../charts/backup-chart';
import { backUpClaimVolumes, RestoreHelperConfig, VELERO, VeleroSchedule } from '../../lib/backup/velero';
import { enabledStackNamespaces } from '../../lib/platform/stack-namespaces';
import { crdProblems } from '../support/crd-schema';
import { environmentInput, ENVIRONMENTS, find, KubeObject, ofKind, render, renderEnvironment } from '../support/render';

/** Velero's Schedule CRD, vendored at the pinned release (see the file's header). */
export const SCHEDULE_CRD = path.join(__dirname, 'fixtures', `velero.io_schedules.${VELERO.version}.yaml`);

const props = { name: 'platform', namespace: 'velero', schedule: '0 2 * * *', includedNamespaces: ['ci'], ttlHours: 48, storageLocation: 'default' };

describe('VeleroSchedule', () => {
  test('renders a Schedule the vendored CRD schema accepts: TTL, location, namespaces, opt-in file-system backup only', () => {
    const chart = Testing.chart();
    new VeleroSchedule(chart, 's', props);
    const [schedule] = Testing.synth(chart);
    expect(crdProblems(SCHEDULE_CRD, schedule)).toEqual([]);
    expect(schedule.spec.template).toEqual({
      includedNamespaces: ['ci'], storageLocation: 'default', ttl: '48h0m0s',
      snapshotVolumes: false, defaultVolumesToFsBackup: false,
    });
  });

  test('the validator catches what the API server would refuse (firing case)', () => {
    const chart = Testing.chart();
    new VeleroSchedule(chart, 's', props);
    const [schedule] = Testing.synth(chart);
    schedule.spec.template.ttl = 48;
    schedule.spec.template.includedNamespace = ['ci'];
    expect(crdProblems(SCHEDULE_CRD, schedule)).toEqual(['spec.template.ttl: expected string, got 48', 'spec.template.includedNamespace: unknown field']);
  });
});

describe('file-system backup annotation', () => {
  test('opts the claim volumes of a StatefulSet in, and nothing else', () => {
    const chart = Testing.chart();
    const sts = new k8s.KubeStatefulSet(chart, 'sts', {
      metadata: { name: 'j' },
      spec: {
        serviceName: 'j', selector: {},
        template: { metadata: { annotations: { a: 'b' } }, spec: { containers: [], volumes: [{ name: 'tmp', emptyDir: {} }] } },
        volumeClaimTemplates: [{ metadata: { name: 'home' } }],
      },
    });
    expect(backUpClaimVolumes(sts)).toEqual(['home']);
    expect(Testing.synth(chart)[0].spec.template.metadata.annotations).toEqual({ 'a': 'b', 'backup.velero.io/backup-volumes': 'home' });
  });

  test('a StatefulSet without claims is a mistake', () => {
    const chart = Testing.chart();
    const sts = new k8s.KubeStatefulSet(chart, 'sts', { metadata: { name: 'j' }, spec: { serviceName: 'j', selector: {}, template: { metadata: { annotations: {} } } } });
    expect(() => backUpClaimVolumes(sts)).toThrow('has no volumeClaimTemplates');
  });
});

test('the restore helper config is the one Velero looks up, with a restricted security context', () => {
  const chart = Testing.chart();
  new RestoreHelperConfig(chart, 'r', { namespace: 'velero', image: 'registry.example.com/dockerhub/velero/velero-restore-helper:v1.14.1' });
  const [config] = Testing.synth(chart);
  expect(config.metadata.labels).toEqual(VELERO.restoreHelperConfigLabels);
  // With a registry and a tag, Velero uses it as is (getImage); without, it pulls its own from Docker Hub.
  expect(config.data.image).toBe('registry.example.com/dockerhub/velero/velero-restore-helper:v1.14.1');
  expect(JSON.parse(config.data.secCtx)).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
});

describe.each(ENVIRONMENTS)('%s: Velero backups', env => {
  const rendered = renderEnvironment(env as any);
  const velero = rendered.config.backup.velero;
  const schedules = ofKind(rendered.objects, 'Schedule');

  test('Schedules exactly when enabled, each valid against the CRD, in Velero\'s namespace with the configured TTL and location', () => {
    if (!velero.enabled) { expect(schedules).toEqual([]); return; }
    expect(schedules.map(s => s.metadata.name)).toEqual([PLATFORM_SCHEDULE, ...velero.tenants.map(tenantScheduleName)]);
    for (const schedule of schedules) {
      expect(crdProblems(SCHEDULE_CRD, schedule)).toEqual([]);
      expect(schedule.metadata.namespace).toBe(velero.namespace);
      expect(schedule.spec.template).toMatchObject({ ttl: `${velero.ttlHours}h0m0s`, storageLocation: velero.storageLocation });
    }
    expect(find(schedules, 'Schedule', PLATFORM_SCHEDULE).spec.template.includedNamespaces).toEqual(enabledStackNamespaces(rendered.config));
  });

  test('the restore helper runs the environment\'s pinned image, through its registry mirror', () => {
    const helperConfigs = ofKind(rendered.objects, 'ConfigMap').filter(c => c.metadata.labels?.['velero.io/plugin-config'] === '');
    expect(helperConfigs).toHaveLength(velero.enabled ? 1 : 0);
    if (!velero.enabled) return;
    expect(helperConfigs[0].data.image).toBe(velero.restoreHelperImage);
    expect(helperConfigs[0].data.image).toMatch(/^[a-z0-9.-]+\/.+:[^/]+$/);
    const registry = rendered.config.images.registry;
    if (registry) expect(helperConfigs[0].data.image.startsWith(`${registry.host}/`)).toBe(true);
  });

  test('only the Jenkins home is opted into the file-system backup (no emptyDir, no Fluentd buffer)', () => {
    const annotated = rendered.objects.filter((o: KubeObject) => o.spec?.template?.metadata?.annotations?.[VELERO.backupVolumesAnnotation]);
    if (!velero.enabled || !rendered.config.ci.enabled) { expect(annotated).toEqual([]); return; }
    expect(annotated.map(o => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}=${o.spec.template.metadata.annotations[VELERO.backupVolumesAnnotation]}`))
      .toEqual(['StatefulSet/ci/jenkins=jenkins-home']);
  });
});

test('a tenant that is not in the environment is refused at validation, naming the field', () => {
  const input = environmentInput('prod');
  input.backup = { ...input.backup!, velero: { enabled: true, ttlHours: 24, tenants: ['team-z'], restoreHelperImage: 'docker.io/velero/velero-restore-helper:v1.14.1' } };
  expect(() => render(input)).toThrow(/backup\.velero\.tenants\[0\]: "team-z" is not a tenant of this environment/);
});
