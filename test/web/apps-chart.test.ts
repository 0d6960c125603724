import { upstreamImage } from '../../lib/core/image';
import { checkManifests } from '../../lib/policy/check';
import { ENVIRONMENTS, find, nameOf, ofKind, render, environmentInput } from '../support/render';
import { appsInput } from './helpers';

/** An app no code knows about: only config describes it. */
const echo = {
  container: { runAsUser: 10001, port: 5678, probePath: '/', args: ['-listen=:5678', '-text=hello'] },
  subdomain: 'echo',
  config: { env: { LOG_LEVEL: 'info' }, files: { '/etc/echo/banner.txt': 'hi\n' } },
  delivery: { mode: 'rolling', image: 'docker.io/hashicorp/http-echo:1.0.0' },
  autoscaling: { minReplicas: 2, maxReplicas: 4 },
  resources: { cpu: '50m', memory: '32Mi' },
  allowTo: [] as object[],
};

describe.each(ENVIRONMENTS)('%s: an app added by config alone', env => {
  const input: any = environmentInput(env);
  // It may call any app the environment already has.
  const callee = Object.keys(input.apps.web)[0];
  input.apps.web.echo = { ...echo, allowTo: callee ? [{ peer: { kind: 'app', name: callee }, ports: [8080] }] : [] };
  const rendered = render(input);
  const objects = rendered.objects.filter(o => o.metadata.labels?.['app.kubernetes.io/name'] === 'echo');

  test('gets its Deployment, Service, ConfigMap, route and flows like the seed apps', () => {
    const deployment = find(objects, 'Deployment', 'echo', 'apps');
    const container = deployment.spec.template.spec.containers[0];
    expect(upstreamImage(container.image, rendered.config.images.registry)).toBe(echo.delivery.image);
    expect(container.args).toEqual(echo.container.args);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 5678, protocol: 'TCP' }]);
    expect(container.readinessProbe.httpGet).toMatchObject({ path: '/', port: 'http' });
    expect(deployment.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    expect(container.env).toEqual([{ name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'echo-config', key: 'LOG_LEVEL' } } }]);
    expect(find(objects, 'ConfigMap', 'echo-config', 'apps').data).toEqual({ 'banner.txt': 'hi\n', LOG_LEVEL: 'info' });
    expect(find(objects, 'HorizontalPodAutoscaler', 'echo', 'apps').spec).toMatchObject({ minReplicas: 2, maxReplicas: 4 });
    expect(find(objects, 'PodDisruptionBudget', 'echo', 'apps')).toBeDefined();
    const ingress = ofKind(rendered.objects, 'Ingress').find(i => i.spec.rules[0].host === `echo.${rendered.config.domain}`)!;
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'echo', port: { number: 80 } });
    if (callee) expect(ofKind(rendered.objects, 'NetworkPolicy').map(p => p.metadata.name)).toContain(`echo-to-${callee}-egress`);
  });

  test('passes the guardrails', () => {
    const violations = checkManifests(rendered.objects.map((object, index) => ({ object, index, source: 'memory' })));
    expect(violations).toEqual([]);
  });
});

/** An environment whose apps are the test's own (helpers' TEST_APPS), edited. */
function withApps(edit: (web: Record<string, any>) => void) {
  const input = appsInput(true);
  edit(input.apps.web);
  return input;
}

describe('apps config errors', () => {
  const env = nameOf(appsInput(true));
  const errorOf = (edit: (web: Record<string, any>) => void) => {
    try {
      render(withApps(edit));
    } catch (error) {
      return String(error);
    }
    throw new Error('expected a config error');
  };

  test('an app needs exactly one of preset and container', () => {
    expect(errorOf(web => { web.echo = { ...echo, preset: 'hello-app' }; })).toMatch(`${env}: apps.web.echo.preset: expected exactly one of preset`);
    expect(errorOf(web => { web.echo = { ...echo, container: undefined }; })).toMatch(`${env}: apps.web.echo.preset: expected exactly one of preset`);
  });

  test('an app name must be a DNS label', () => {
    expect(errorOf(web => { web.Echo = echo; })).toMatch(`${env}: apps.web.Echo: expected a DNS label`);
  });

  test('an app peer must name an app of the environment', () => {
    expect(errorOf(web => { web.echo = { ...echo, allowTo: [{ peer: { kind: 'app', name: 'hello' }, ports: [8080] }] }; }))
      .toMatch(`${env}: apps.web.echo.allowTo[0].peer.name: expected the name of an app in apps.web (web-server, hello-world, echo), got "hello"`);
  });

  test('two apps cannot claim one subdomain', () => {
    expect(errorOf(web => { web.echo = { ...echo, subdomain: 'test-www' }; })).toMatch(`${env}: apps.web.echo.subdomain: "test-www" is already the subdomain of app web-server`);
  });

  test('container facts are checked: uid above 0, absolute probe path', () => {
    const message = errorOf(web => { web.echo = { ...echo, container: { runAsUser: 0, probePath: 'healthz' } }; });
    expect(message).toMatch(/apps\.web\.echo\.container\.runAsUser: expected an integer from 1 to 2147483647/);
    expect(message).toMatch(/apps\.web\.echo\.container\.probePath: expected an absolute path/);
  });

  test('an app without a subdomain is not published', () => {
    const { objects } = render(withApps(web => { web.echo = { ...echo, subdomain: undefined, allowTo: [] }; }));
    expect(find(objects, 'Service', 'echo', 'apps')).toBeDefined();
    expect(ofKind(objects, 'Ingress').filter(i => i.metadata.name.startsWith('echo'))).toEqual([]);
  });
});
