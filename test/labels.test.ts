import { ENVIRONMENTS, KubeObject, renderEnvironment } from './support/render';

const RECOMMENDED = ['name', 'instance', 'component', 'part-of', 'managed-by'].map(l => `app.kubernetes.io/${l}`);

/** Every label selector in an object, with its field path. */
function selectors(object: KubeObject): { path: string; labels: Record<string, string> }[] {
  const found: { path: string; labels: Record<string, string> }[] = [];
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === 'matchLabels' || (key === 'selector' && object.kind === 'Service')) found.push({ path: `${path}.${key}`, labels: child as Record<string, string> });
        walk(child, `${path}.${key}`);
      }
    }
  };
  walk(object, object.kind);
  return found;
}

describe.each(ENVIRONMENTS)('%s: names and labels', env => {
  const { objects } = renderEnvironment(env);

  test('every object carries the five recommended labels', () => {
    const missing = objects.flatMap(o => RECOMMENDED.filter(l => !o.metadata.labels?.[l]).map(l => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}: ${l}`));
    expect(missing).toEqual([]);
  });

  test('no selector or pod label depends on a construct path', () => {
    const pathLabels = objects.flatMap(o => selectors(o).filter(s => Object.keys(s.labels).some(k => k.startsWith('cdk8s.io/'))).map(s => s.path));
    expect(pathLabels).toEqual([]);
    expect(JSON.stringify(objects)).not.toContain('cdk8s.io/metadata.addr');
  });

  test('names carry no construct-path hash', () => {
    // cdk8s names objects "<path>-<8 hex digits>" when no name is given. Only Jobs carry a hash,
    // and theirs is of their content (a new spec is a new Job, since Job templates are immutable).
    const hashed = objects.filter(o => o.kind !== 'Job' && /-[0-9a-f]{8}$/.test(o.metadata.name)).map(o => `${o.kind}/${o.metadata.name}`);
    expect(hashed).toEqual([]);
  });
});
