import { readFileSync } from 'fs';
import { join } from 'path';
import { ENVIRONMENTS, find, renderEnvironment } from '../support/render';
import { upstreamImage } from '../../lib/core/image';
import { fluentConfOptions as options, logging } from './support';
import { FLUENTD_IMAGE_FACTS } from '../../lib/logging/fluentd-image';
import { ELASTICSEARCH_ID_KEY, ELASTICSEARCH_WRITE, renderFluentConf } from '../../lib/logging/fluentd-config';
import { allSections, ConfSection, followRecord, label, parseFluentConf, parsedKeys, RecordPath, tagMatches } from './fluentd-conf-model';

/** The tag in_tail gives a container log file (`tag kubernetes.*`: `*` becomes the path, `/` → `.`). */
const TAG = `kubernetes.var.log.containers.web-0_shop_web-${'a'.repeat(64)}.log`;

const renderedConf = (env: string) => find(logging(env), 'ConfigMap', 'fluentd', 'logging-agents').data['fluent.conf'] as string;

function tailSource(conf: readonly ConfSection[]): ConfSection {
  const sources = conf.filter(s => s.name === 'source' && s.params['@type'] === 'tail');
  if (sources.length !== 1) throw new Error(`expected one tail source, found ${sources.length}`);
  return sources[0];
}

/** A container log record's path from the tail source to its end. */
function pathOf(text: string, conf = parseFluentConf(text)): RecordPath {
  const source = tailSource(conf);
  expect(tagMatches(source.params.tag.replace('*', '**'), TAG)).toBe(true);
  const scope = source.params['@label'] ? label(conf, source.params['@label']).children : conf;
  return followRecord(conf, scope, TAG, parsedKeys(source));
}

/** Elasticsearch outputs that would drop records for lack of an `_id`: the operation needs one and no filter on the record's path produces `id_key`. */
function outputsDroppingForLackOfId(text: string): string[] {
  const conf = parseFluentConf(text);
  const needingId = allSections(conf, 'match')
    .filter(m => m.params['@type'] === 'elasticsearch' && FLUENTD_IMAGE_FACTS.elasticsearchOutput.operationsNeedingId.includes(m.params.write_operation ?? 'index'));
  const path = pathOf(text, conf);
  return needingId
    .filter(m => m.params.id_key === undefined || path.output !== m || !path.hasId)
    .map(m => `${m.params['@id'] ?? 'elasticsearch'}: write_operation ${m.params.write_operation}, id_key ${m.params.id_key ?? 'unset'}`);
}

/**
 * Elasticsearch outputs whose failed items would vanish unreported: they remove their `id_key` from the record,
 * which the error handler then processes again without an `_id` (FLUENTD_IMAGE_FACTS.elasticsearchOutput.idKeyMustStay).
 */
function outputsLosingItemErrors(text: string): string[] {
  return allSections(parseFluentConf(text), 'match')
    .filter(m => m.params['@type'] === 'elasticsearch' && m.params.id_key !== undefined)
    .filter(m => (m.params.remove_keys ?? '').split(',').map(k => k.trim()).includes(m.params.id_key))
    .map(m => `${m.params['@id'] ?? 'elasticsearch'}: remove_keys ${m.params.remove_keys} drops id_key ${m.params.id_key}`);
}

describe('no Elasticsearch output loses the errors of single items', () => {
  test.each(ENVIRONMENTS)('%s: the id key stays in every record sent', env => {
    expect(FLUENTD_IMAGE_FACTS.elasticsearchOutput.idKeyMustStay).toBe(true);
    expect(outputsLosingItemErrors(renderedConf(env))).toEqual([]);
  });

  test('fires when remove_keys names the id key; quiet when it names other keys only', () => {
    const output = (params: string) => `<match kubernetes.**>\n@type elasticsearch\n@id out_es\n${params}\n</match>`;
    expect(outputsLosingItemErrors(output('id_key doc_id\nremove_keys doc_id,logtag'))).toEqual(['out_es: remove_keys doc_id,logtag drops id_key doc_id']);
    expect(outputsLosingItemErrors(output('id_key doc_id\nremove_keys logtag'))).toEqual([]);
  });
});

describe('no Elasticsearch output drops records for lack of an id', () => {
  const pipeline = (filters: string, output: string) => [
    '<source>', '@type tail', 'path /var/log/containers/*.log', 'tag kubernetes.*', '<parse>', '@type cri', '</parse>', '</source>',
    filters,
    '<match kubernetes.**>', '@type elasticsearch', '@id out_es', output, '</match>',
  ].join('\n');
  const genid = '<filter kubernetes.**>\n@type elasticsearch_genid\nhash_id_key _hash\n</filter>';

  test.each(ENVIRONMENTS)('%s: every create/update/upsert output gets an id produced upstream', env => {
    expect(outputsDroppingForLackOfId(renderedConf(env))).toEqual([]);
  });

  test('fires for create without id_key, and for an id_key no filter produces', () => {
    expect(outputsDroppingForLackOfId(pipeline('', 'write_operation create'))).toEqual(['out_es: write_operation create, id_key unset']);
    expect(outputsDroppingForLackOfId(pipeline('', 'write_operation create\nid_key _hash'))).toEqual(['out_es: write_operation create, id_key _hash']);
    expect(outputsDroppingForLackOfId(pipeline(genid, 'write_operation create\nid_key _other'))).toEqual(['out_es: write_operation create, id_key _other']);
  });

  test('quiet for create with a generated id, and for index (the default) without one', () => {
    expect(outputsDroppingForLackOfId(pipeline(genid, 'write_operation create\nid_key _hash'))).toEqual([]);
    expect(outputsDroppingForLackOfId(pipeline('', ''))).toEqual([]);
  });
});

describe('a container log record reaches Elasticsearch whole', () => {
  test.each(ENVIRONMENTS)('%s: source → concat → relabel → kubernetes_metadata → id → output, nothing drops it', env => {
    const path = pathOf(renderedConf(env));
    expect(path.droppedBy).toBeUndefined();
    expect(path.steps).toEqual(['filter concat', 'match relabel', 'filter kubernetes_metadata', 'filter elasticsearch_genid', 'match elasticsearch']);
    expect(path.hasId).toBe(true);
  });

  test.each([
    ['cri', 'message'],
    ['json', 'log'],
  ] as const)('%s: the document keeps stream and message, carries @timestamp, metadata and its id, not the raw time, logtag or tag', (format, messageKey) => {
    const path = pathOf(renderFluentConf({ ...options, containerLogFormat: format }));
    expect(path.document).toEqual(['@timestamp', 'docker', ELASTICSEARCH_ID_KEY, 'kubernetes', messageKey, 'stream'].sort());
  });

  test('a partial line flushed at the concat timeout goes to the same label and becomes the same document', () => {
    const conf = parseFluentConf(renderFluentConf(options));
    const concat = conf.find(s => s.name === 'filter' && s.params['@type'] === 'concat')!;
    expect(concat.params.timeout_label).toBeDefined();
    // The timed-out record is emitted as buffered: the parser's keys, nothing deleted.
    const path = followRecord(conf, label(conf, concat.params.timeout_label).children, TAG, parsedKeys(tailSource(conf)));
    expect(path.droppedBy).toBeUndefined();
    expect(path.document).toEqual(['@timestamp', 'docker', ELASTICSEARCH_ID_KEY, 'kubernetes', 'message', 'stream'].sort());
  });

  test('the model fires: a grep filter, a null match, a create without id, or a concat deleting stream lose the record', () => {
    const base = renderFluentConf(options);
    const grep = base.replace('<match kubernetes.**>\n  @type relabel', '<filter kubernetes.**>\n  @type grep\n</filter>\n\n<match kubernetes.**>\n  @type relabel');
    expect(pathOf(grep).droppedBy).toBe('filter grep (not known to pass every record on)');
    expect(pathOf(base.replace('@type relabel', '@type null')).droppedBy).toBe('match null');
    expect(pathOf(base.replace(/\n *id_key .*/, '')).droppedBy).toMatch(/create without an _id/);
    const deletesStream = pathOf(base.replace(/partial_cri_stream_key .*/, 'partial_cri_stream_key stream'));
    expect(deletesStream.document).not.toContain('stream');
  });
});

test('tag patterns as Fluentd matches them: * one part, ** any number', () => {
  expect(['kubernetes.**', '**', 'kubernetes.var.log.containers.*.log', 'fluent.** kubernetes.**'].map(p => tagMatches(p, TAG))).toEqual([true, true, true, true]);
  expect(['fluent.**', 'kubernetes.*', 'kubernetes.var.log.containers.*'].map(p => tagMatches(p, TAG))).toEqual([false, false, false]);
});

describe('concat keeps stdout and stderr apart', () => {
  test.each(['cri', 'json'] as const)('%s: one partial-line buffer per file and stream', format => {
    const conf = parseFluentConf(renderFluentConf({ ...options, containerLogFormat: format }));
    const concat = conf.find(s => s.name === 'filter' && s.params['@type'] === 'concat')!;
    expect(concat.params[FLUENTD_IMAGE_FACTS.concat.streamIdentityKey]).toBe('stream');
    expect(parsedKeys(tailSource(conf)).has('stream')).toBe(true);
  });
});

describe('the writer role allows exactly the write operation', () => {
  const script = readFileSync(join(__dirname, '../../lib/logging/es-setup.sh'), 'utf8');
  const roleLine = script.split('\n').find(l => l.includes('/_security/role/'));

  test('create_doc for bulk create with our ids, auto_configure for daily indices and new fields, monitor for the version check', () => {
    const body = /"(\{.*\})"\s*$/.exec(roleLine ?? '')?.[1];
    expect(body).toBeDefined();
    expect(JSON.parse(body!.replace(/\\"/g, '"').replace(/\$INDEX_PREFIX/g, 'k8s-logs'))).toEqual({
      cluster: [...ELASTICSEARCH_WRITE.clusterPrivileges],
      indices: [{ names: ['k8s-logs-*'], privileges: [...ELASTICSEARCH_WRITE.indexPrivileges] }],
    });
  });

  test('the output uses the operation the role was chosen for', () => {
    const output = allSections(parseFluentConf(renderFluentConf(options)), 'match').find(m => m.params['@type'] === 'elasticsearch')!;
    expect(output.params.write_operation).toBe(ELASTICSEARCH_WRITE.operation);
  });
});

describe('the render matches the pinned image facts', () => {
  test.each(ENVIRONMENTS)('%s pins the image the facts were read for', env => {
    const ds = find(logging(env), 'DaemonSet', 'fluentd', 'logging-agents');
    expect(upstreamImage(ds.spec.template.spec.containers[0].image, renderEnvironment(env).config.images.registry)).toBe(FLUENTD_IMAGE_FACTS.image);
  });

  test.each(ENVIRONMENTS)('%s: fluent.conf is mounted where the entrypoint reads it, as the uid the image runs as, with a read-only root', name => {
    const ds = find(logging(name), 'DaemonSet', 'fluentd', 'logging-agents');
    const pod = ds.spec.template.spec;
    const c = pod.containers[0];
    const { configDir, env } = FLUENTD_IMAGE_FACTS.entrypoint;
    // The entrypoint's variables keep their image defaults.
    expect((c.env ?? []).filter((e: any) => e.name in env)).toEqual([]);
    const mount = c.volumeMounts.find((m: any) => m.mountPath === configDir);
    const configMap = pod.volumes.find((v: any) => v.name === mount.name).configMap.name;
    expect(Object.keys(find(logging(name), 'ConfigMap', configMap, 'logging-agents').data)).toContain(env.FLUENTD_CONF);
    expect(c.securityContext.runAsUser).toBe(FLUENTD_IMAGE_FACTS.uid);
    expect(c.securityContext.readOnlyRootFilesystem && FLUENTD_IMAGE_FACTS.writesOnlyConfiguredPaths).toBe(true);
  });

  test.each(ENVIRONMENTS)('%s: the sniffer class named in the output is the one the entrypoint loads', name => {
    expect(renderedConf(name)).toContain(`sniffer_class_name ${FLUENTD_IMAGE_FACTS.entrypoint.simpleSnifferClass}\n`);
  });

  test('the raw CRI time string is dropped: the parser keeps it by default', () => {
    expect(FLUENTD_IMAGE_FACTS.criParser.keepTimeKeyDefault).toBe(true);
    const parse = tailSource(parseFluentConf(renderFluentConf(options))).children.find(c => c.name === 'parse')!;
    expect(parse.params.keep_time_key).toBe('false');
  });
});
