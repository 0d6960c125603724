import { imageParts, mirrorImage, upstreamImage } from '../../lib/core/image';

const mirror = { host: 'registry.example.com', paths: { 'docker.io': 'dockerhub', 'gcr.io': 'gcr' } };
const digest = `sha256:${'a'.repeat(64)}`;

describe('image references and the mirror', () => {
  test.each([
    ['nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', suffix: ':1.27' }],
    ['docker.io/library/nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', suffix: ':1.27' }],
    ['index.docker.io/jenkins/jenkins:2.555.3-lts-jdk21', { registry: 'docker.io', repository: 'jenkins/jenkins', suffix: ':2.555.3-lts-jdk21' }],
    [`localhost:5000/a/b:1@${digest}`, { registry: 'localhost:5000', repository: 'a/b', suffix: `:1@${digest}` }],
    [`gcr.io/google-samples/hello-app@${digest}`, { registry: 'gcr.io', repository: 'google-samples/hello-app', suffix: `@${digest}` }],
  ])('imageParts(%s)', (reference, parts) => {
    expect(imageParts(reference)).toEqual(parts);
  });

  test.each([
    ['docker.io/library/nginx:1.27', 'registry.example.com/dockerhub/library/nginx:1.27'],
    ['nginx:1.27', 'registry.example.com/dockerhub/library/nginx:1.27'],
    [`gcr.io/google-samples/hello-app:2.0@${digest}`, `registry.example.com/gcr/google-samples/hello-app:2.0@${digest}`],
    ['registry.example.com/team/app:1', 'registry.example.com/team/app:1'],
  ])('mirrorImage(%s) = %s, and upstreamImage inverts it', (reference, mirrored) => {
    expect(mirrorImage(reference, mirror)).toBe(mirrored);
    if (reference.startsWith('docker.io/') || reference.startsWith('gcr.io/')) expect(upstreamImage(mirrored, mirror)).toBe(reference);
  });

  test('no mirror path for the registry: undefined; no mirror: the reference itself', () => {
    expect(mirrorImage('quay.io/x/y:1', mirror)).toBeUndefined();
    expect(upstreamImage('quay.io/x/y:1', undefined)).toBe('quay.io/x/y:1');
  });
});
