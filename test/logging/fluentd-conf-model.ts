import { FLUENTD_IMAGE_FACTS } from '../../lib/logging/fluentd-image';

/** One `<name arg>` section of a parsed fluent.conf. */
export interface ConfSection {
  readonly name: string;
  readonly arg?: string;
  readonly params: Record<string, string>;
  readonly children: ConfSection[];
}

/** Parses fluent.conf text into its top-level sections (no `@include`, no multi-line values). */
export function parseFluentConf(text: string): ConfSection[] {
  const root: ConfSection = { name: 'ROOT', params: {}, children: [] };
  const stack = [root];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const close = /^<\/(\S+)>$/.exec(line);
    const open = /^<(\S+?)(?:\s+(.+))?>$/.exec(line);
    if (close) {
      const top = stack.pop()!;
      if (top.name !== close[1]) throw new Error(`line ${i + 1}: </${close[1]}> closes <${top.name}>`);
    } else if (open) {
      const section: ConfSection = { name: open[1], arg: open[2], params: {}, children: [] };
      stack[stack.length - 1].children.push(section);
      stack.push(section);
    } else {
      const [key, ...value] = line.split(/\s+/);
      stack[stack.length - 1].params[key] = value.join(' ');
    }
  });
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1].name}> is never closed`);
  return root.children;
}

/** Every section named `name`, at any depth. */
export function allSections(sections: readonly ConfSection[], name: string): ConfSection[] {
  return sections.flatMap(s => [...(s.name === name ? [s] : []), ...allSections(s.children, name)]);
}

/** Fluentd's tag pattern (lib/fluent/match.rb): `*` is one tag part, `**` zero or more; space-separated alternatives. */
export function tagMatches(pattern: string, tag: string): boolean {
  const match = (p: string[], t: string[]): boolean => {
    if (p.length === 0) return t.length === 0;
    if (p[0] === '**') return match(p.slice(1), t) || (t.length > 0 && match(p, t.slice(1)));
    if (t.length === 0) return false;
    const part = new RegExp(`^${p[0].split('*').map(s => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^.]*')}$`);
    return part.test(t[0]) && match(p.slice(1), t.slice(1));
  };
  return pattern.split(/\s+/).some(alt => match(alt.split('.'), tag.split('.')));
}

/** Where a record ended up, with the keys it had there and each step it took. */
export interface RecordPath {
  readonly steps: string[];
  /** Set when a section loses the record; `undefined` when it reached an Elasticsearch output. */
  readonly droppedBy?: string;
  /** Keys of the document sent to Elasticsearch. */
  readonly document?: string[];
  /** Whether the bulk action carries an `_id`. */
  readonly hasId?: boolean;
  /** The output section reached. */
  readonly output?: ConfSection;
}

/** Filters that pass every record on, and what they do to its keys (FLUENTD_IMAGE_FACTS cites the sources). */
function applyFilter(filter: ConfSection, keys: Set<string>): string | undefined {
  const p = filter.params;
  switch (p['@type']) {
    case 'concat':
      if (p.use_partial_cri_logtag === 'true') {
        // filter_concat.rb deletes both named keys from every joined record (criDeletedKeys).
        for (const [param, fallback] of Object.entries(FLUENTD_IMAGE_FACTS.concat.criDeletedKeys)) {
          const key = p[param] ?? fallback;
          if (key) keys.delete(key);
        }
      }
      return undefined;
    case 'kubernetes_metadata':
      keys.add('kubernetes');
      keys.add('docker');
      return undefined;
    case FLUENTD_IMAGE_FACTS.elasticsearchOutput.genidFilter:
      keys.add(p.hash_id_key ?? '_hash');
      return undefined;
    default:
      return `filter ${p['@type']} (not known to pass every record on)`;
  }
}

/**
 * Follows one record with `keys` and `tag` through the sections of a scope (the top level or a label),
 * as Fluentd's event router does: the filters before the first matching `<match>`, in order, then that match.
 */
export function followRecord(conf: readonly ConfSection[], scope: readonly ConfSection[], tag: string, keys: Set<string>, steps: string[] = []): RecordPath {
  for (const s of scope) {
    if (!tagMatches(s.arg ?? '**', tag) || (s.name !== 'filter' && s.name !== 'match')) continue;
    const type = s.params['@type'];
    steps.push(`${s.name} ${type}`);
    if (s.name === 'filter') {
      const dropped = applyFilter(s, keys);
      if (dropped) return { steps, droppedBy: dropped };
      continue;
    }
    if (type === 'relabel') return followRecord(conf, label(conf, s.params['@label']).children, tag, keys, steps);
    if (type !== 'elasticsearch') return { steps, droppedBy: `match ${type}` };
    return elasticsearchDocument(s, keys, steps);
  }
  return { steps, droppedBy: 'no <match> for the tag' };
}

function elasticsearchDocument(output: ConfSection, keys: Set<string>, steps: string[]): RecordPath {
  const p = output.params;
  const facts = FLUENTD_IMAGE_FACTS.elasticsearchOutput;
  const hasId = p.id_key !== undefined && keys.has(p.id_key);
  if (facts.operationsNeedingId.includes(p.write_operation ?? 'index') && !hasId) {
    return { steps, droppedBy: `elasticsearch ${p.write_operation} without an _id (id_key ${p.id_key ?? 'unset'})`, output };
  }
  if (p.logstash_format === 'true') keys.add(facts.timestampField);
  if (p.include_tag_key === 'true') keys.add(p.tag_key ?? 'tag');
  for (const key of (p.remove_keys ?? '').split(',').map(k => k.trim()).filter(Boolean)) keys.delete(key);
  return { steps, document: [...keys].sort(), hasId, output };
}

/** The `<label name>` section; throws if absent. */
export function label(conf: readonly ConfSection[], name: string): ConfSection {
  const found = conf.find(s => s.name === 'label' && s.arg === name);
  if (!found) throw new Error(`no <label ${name}>`);
  return found;
}

/** The keys a tail source's parser gives a record (FLUENTD_IMAGE_FACTS.criParser; Fluentd's json parser drops `time` by default). */
export function parsedKeys(source: ConfSection): Set<string> {
  const parse = source.children.find(c => c.name === 'parse');
  const type = parse?.params['@type'];
  if (type === 'cri') {
    const facts = FLUENTD_IMAGE_FACTS.criParser;
    const keepTime = parse!.params.keep_time_key === undefined ? facts.keepTimeKeyDefault : parse!.params.keep_time_key === 'true';
    return new Set([...facts.keys, ...(keepTime ? [facts.timeKey] : [])]);
  }
  if (type === 'json') return new Set(['log', 'stream', ...(parse!.params.keep_time_key === 'true' ? [parse!.params.time_key ?? 'time'] : [])]);
  throw new Error(`unknown parser ${type}`);
}
