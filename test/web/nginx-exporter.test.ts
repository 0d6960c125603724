import { workloadPod } from '../../lib/core/workload-pod';
import { NGINX_EXPORTER_IMAGE, NGINX_EXPORTER_PORT_NAME, nginxExporterContainer } from '../../lib/web/nginx-exporter';

describe('nginxExporterContainer', () => {
  const container = nginxExporterContainer({
    image: 'docker.io/nginx/nginx-prometheus-exporter:1.5.1', resources: { cpu: '10m', memory: '32Mi' }, stubStatusUrl: 'http://127.0.0.1:8081/stub_status',
  });
  // Built into a pod by the shared building block, as WebApp does.
  const pod = workloadPod({ identity: { name: 'web', component: 'web', partOf: 'apps' }, runAs: { user: 101 }, containers: [container] }).template.spec!;
  const rendered = pod.containers[0];

  test('reads the given stub_status URL and serves on the image\'s port', () => {
    expect(rendered.args).toEqual(['--nginx.scrape-uri=http://127.0.0.1:8081/stub_status']);
    expect(rendered.ports).toEqual([{ name: NGINX_EXPORTER_PORT_NAME, containerPort: 9113, protocol: 'TCP' }]);
    expect(NGINX_EXPORTER_IMAGE.port).toBe(9113);
  });

  test('runs as the image\'s own user, restricted with a read-only root, whatever the pod\'s user', () => {
    expect(rendered.securityContext).toMatchObject({
      runAsUser: NGINX_EXPORTER_IMAGE.uid, runAsGroup: NGINX_EXPORTER_IMAGE.uid, runAsNonRoot: true,
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.securityContext!.runAsUser).toBe(101);
  });

  test('is probed on its own landing page (not /metrics, which asks nginx), with resources set', () => {
    for (const probe of [rendered.readinessProbe!, rendered.livenessProbe!]) {
      expect(probe.httpGet!.path).toBe(NGINX_EXPORTER_IMAGE.landingPath);
      expect(probe.httpGet!.port.value).toBe(NGINX_EXPORTER_PORT_NAME);
    }
    expect(rendered.resources!.requests!.cpu.value).toBe('10m');
    expect(rendered.resources!.limits!.memory.value).toBe('32Mi');
  });
});
