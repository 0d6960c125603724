import * as fs from 'fs';
import * as path from 'path';
import { declaredSecretsIn } from '../lib/core/declared-secrets';
import { declaredTlsSecrets } from '../lib/ingress/tls';
import { RULES } from '../lib/policy/check';
import { DeclaredSecret, DOCKER_REGISTRY_SECRET_KEY } from '../lib/secrets/declared-secret';
import { ENVIRONMENTS, ofKind, renderEnvironment } from './support/render';

/** The README and docs/ are part of the product: these facts are checked against the code, so it stays true. */
const readme = ['README.md', 'docs/secrets.md', 'docs/guardrails.md'].map(f => fs.readFileSync(path.join(__dirname, '..', f), 'utf8')).join('\n').replace(/[ \t]+/g, ' ');

const declaredSecrets = (env: string) => declaredSecretsIn(renderEnvironment(env).objects);

describe('README', () => {
  test.each(ENVIRONMENTS)('%s: every generated secret is in the Secrets table', env => {
    const missing = declaredSecrets(env).filter(s => s.origin === 'bootstrap' && !readme.includes(`| \`${s.name}\` |`));
    expect(missing.map(s => s.name)).toEqual([]);
  });

  test.each(ENVIRONMENTS)('%s: every operator-supplied secret has its exact kubectl command', env => {
    const { config, objects } = renderEnvironment(env);
    const hostsByNamespace = new Map<string, string[]>();
    for (const i of ofKind(objects, 'Ingress').filter(i => i.spec.tls)) {
      hostsByNamespace.set(i.metadata.namespace!, [...(hostsByNamespace.get(i.metadata.namespace!) ?? []), i.spec.rules[0].host]);
    }
    const tlsSecrets = [...declaredTlsSecrets(config.ingress.tls, hostsByNamespace).values()].flat();
    const registry = config.images.registry;
    const pullSecrets = registry ? [DeclaredSecret.external({
      name: registry.pullSecret, keys: [DOCKER_REGISTRY_SECRET_KEY], type: 'docker-registry', description: 'registry mirror credentials',
      namespaces: declaredSecrets(env).find(s => s.name === registry.pullSecret)?.namespaces ?? [],
    })] : [];
    // The operator-supplied secrets are the TLS ones and the registry mirror's: their commands come from the secrets themselves.
    const external = [...tlsSecrets, ...pullSecrets];
    expect(external.map(s => s.name).sort()).toEqual(declaredSecrets(env).filter(s => s.origin === 'external').map(s => s.name).sort());
    const missing = external.flatMap(s => s.namespaces.map(ns => s.createCommand(ns)))
      // Up to the first value: the README names example files where the command has "...".
      .map(command => command.slice(0, command.indexOf('...')))
      .filter(command => !readme.includes(command));
    expect(missing).toEqual([]);
  });

  test('lists every guardrail rule id', () => {
    const ids = RULES.map(r => r.id);
    const documented = (id: string) => readme.includes(id) || readme.includes(
      // families are written compactly, e.g. PSS-BASELINE-{HOST-PROCESS,…}
      `${id.split('-').slice(0, 2).join('-')}-{`) && new RegExp(`[{,]${id.split('-').slice(2).join('-')}[,}]`).test(readme);
    expect(ids.filter(id => !documented(id))).toEqual([]);
  });
});
