import { imageDigest, imageTag } from '../../lib/core/image';
import { IMAGE_RULES, images } from '../../lib/policy/rules/images';
import { check, describeRules, platform, QuietCase, RuleCase, webPod } from './fixtures';

const web = { kind: 'Deployment', name: 'web' };
const setImage = (image: string) => (o: any[]) => { webPod(o).containers[0].image = image; };

const cases: RuleCase[] = [
  { rule: IMAGE_RULES.untagged, title: 'bare name', ...web, path: 'spec.template.spec.containers[0].image', breakIt: setImage('nginx') },
  { rule: IMAGE_RULES.untagged, title: 'registry port is not a tag', ...web, path: 'spec.template.spec.initContainers[0].image',
    breakIt: o => { webPod(o).initContainers[0].image = 'registry.local:5000/team/web'; } },
  { rule: IMAGE_RULES.latest, title: ':latest', ...web, path: 'spec.template.spec.containers[0].image', breakIt: setImage('ghcr.io/x/web:latest') },
  { rule: IMAGE_RULES.reference, title: 'uppercase registry without a dot (a Docker Hub path)', ...web, path: 'spec.template.spec.containers[0].image',
    breakIt: setImage('MyRegistry/web:1.0') },
  { rule: IMAGE_RULES.reference, title: 'uppercase repository path', ...web, path: 'spec.template.spec.containers[0].image', breakIt: setImage('ghcr.io/MyOrg/web:1.0') },
  { rule: IMAGE_RULES.reference, title: 'space in the reference', ...web, path: 'spec.template.spec.containers[0].image', breakIt: setImage('nginx :1.25') },
  { rule: IMAGE_RULES.reference, title: 'bad tag character', ...web, path: 'spec.template.spec.containers[0].image', breakIt: setImage('nginx:1.25+alpine') },
  { rule: IMAGE_RULES.reference, title: 'truncated digest', ...web, path: 'spec.template.spec.containers[0].image', breakIt: setImage('nginx@sha256:abc') },
];

const quiet: QuietCase[] = [
  { title: 'digest without tag', change: setImage('nginx@sha256:' + 'b'.repeat(64)) },
  { title: 'tag and digest', change: setImage('nginx:latest@sha256:' + 'b'.repeat(64)) },
  { title: 'registry with port and tag', change: setImage('registry.local:5000/team/web:2.0.1') },
  { title: 'registry host in uppercase (host names are case-insensitive), separators in the path', change: setImage('Registry.Example.com/team__a/web-app.x:V1_2') },
  { title: 'localhost registry', change: setImage('localhost/web:1') },
];

describe('images', () => {
  describeRules(images, cases, quiet);

  test('an unparsable image is reported once, as IMG-REFERENCE, with the reason', () => {
    const objects = platform();
    webPod(objects).containers[0].image = 'MyRegistry/web';
    expect(check(objects)).toEqual([expect.objectContaining({ ruleId: 'IMG-REFERENCE', detail: expect.stringContaining('"MyRegistry" has uppercase letters') })]);
  });

  test('imageTag ignores registry ports', () => {
    expect(imageTag('localhost:5000/a/b')).toBeUndefined();
    expect(imageTag('localhost:5000/a/b:1.0')).toBe('1.0');
    expect(imageTag('busybox:1.36')).toBe('1.36');
  });

  test('imageTag and imageDigest split a reference with registry port, tag and digest', () => {
    const digest = 'sha256:' + 'b'.repeat(64);
    expect(imageTag(`registry.local:5000/team/web:2.0.1@${digest}`)).toBe('2.0.1');
    expect(imageDigest(`registry.local:5000/team/web:2.0.1@${digest}`)).toBe(digest);
    expect(imageTag(`registry.local:5000/team/web@${digest}`)).toBeUndefined();
    expect(imageDigest('registry.local:5000/team/web:2.0.1')).toBeUndefined();
  });
});
