import { environmentInput, ofKind, render } from './support/render';

/**
 * A Job's pod template is immutable: re-applying a Job under the same name with another template
 * is refused by the API server. So any change to what a Job runs must give it a new name.
 */
describe('Jobs are never updated in place', () => {
  const base = render(environmentInput('prod'));

  function changed(mutate: (input: any) => void) {
    const input: any = environmentInput('prod');
    mutate(input);
    return render(input);
  }

  test.each([
    ['the kubectl image', (c: any) => { c.images.kubectl = 'docker.io/alpine/k8s:1.27.15'; }],
    ['the Elasticsearch image', (c: any) => {
      c.logging.elasticsearch.image = 'docker.elastic.co/elasticsearch/elasticsearch:8.19.22';
      c.logging.kibana.image = 'docker.elastic.co/kibana/kibana:8.19.22';
    }],
    ['the retention', (c: any) => { c.logging.retentionDays = 31; }],
  ])('changing %s never reuses a Job name with a different template', (_, mutate) => {
    const before = new Map(ofKind(base.objects, 'Job').map(j => [`${j.metadata.namespace}/${j.metadata.name}`, JSON.stringify(j.spec)]));
    const after = ofKind(changed(mutate).objects, 'Job');
    const reused = after.filter(j => before.has(`${j.metadata.namespace}/${j.metadata.name}`) && before.get(`${j.metadata.namespace}/${j.metadata.name}`) !== JSON.stringify(j.spec));
    expect(reused.map(j => j.metadata.name)).toEqual([]);
    // and the change did reach some Job, so the assertion above was exercised
    expect(after.some(j => !before.has(`${j.metadata.namespace}/${j.metadata.name}`))).toBe(true);
  });

  test('an unchanged config renders the same Job names', () => {
    expect(ofKind(render(environmentInput('prod')).objects, 'Job').map(j => j.metadata.name))
      .toEqual(ofKind(base.objects, 'Job').map(j => j.metadata.name));
  });
});
