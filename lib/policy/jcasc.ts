import { readYaml } from '../core/read-yaml';
import { at, field, item } from './paths';
import { PodTemplate } from './pod-templates';
import { Labels } from './selectors';
import { EmbeddedDataError, CheckedObject } from './types';

/** Agent pod templates found in the Jenkins Configuration-as-Code documents of one ConfigMap. */
export interface JcascReading {
  readonly templates: PodTemplate[];
  /** Templates whose `yaml` is not a Pod manifest. */
  readonly errors: EmbeddedDataError[];
}

// Synth reads the same JCasC twice (guardrails and traffic diagram): parse each text once.
const parsed = new Map<string, unknown>();

/** Read as Jenkins and kubectl read YAML (1.1: `yes` is true); the JCasC of both environments parses in about 4 ms. */
function parse(text: string): any {
  if (!parsed.has(text)) parsed.set(text, readYaml(text, 'JCasC'));
  return parsed.get(text);
}

/**
 * The agent pod templates of every JCasC document in a ConfigMap: any data value that parses as YAML with
 * `jenkins.clouds[].kubernetes.templates[]`, whatever the ConfigMap or key is called. Each template with a `yaml`
 * pod becomes a pod template the rules check like any workload's, with paths into the ConfigMap
 * (`data["jenkins.yaml"].jenkins.clouds[0].kubernetes.templates[1].yaml.spec...`). As the kubernetes plugin does:
 * the pod runs in the template's namespace, else the cloud's, else the controller's own (taken to be the
 * ConfigMap's); it carries the cloud's `podLabels` on top of its own labels; and it runs one build to completion.
 * Templates built only from plugin fields (no `yaml`) are not modelled.
 */
export function jcascPodTemplates(configMap: CheckedObject): JcascReading {
  const reading: JcascReading = { templates: [], errors: [] };
  for (const [key, text] of Object.entries<unknown>(configMap.body.data ?? {})) {
    // Cheap pre-filter: most data values (scripts, JSON, plugin lists) are never parsed.
    if (typeof text !== 'string' || !text.includes('clouds')) continue;
    const clouds = parseOrUndefined(text)?.jenkins?.clouds;
    if (!Array.isArray(clouds)) continue;
    const cloudsPath = at(field('data', key), 'jenkins.clouds');
    clouds.forEach((cloud: any, i: number) => {
      const kubernetes = cloud?.kubernetes;
      if (!Array.isArray(kubernetes?.templates)) return;
      readCloud(configMap, kubernetes, `${item(cloudsPath, i)}.kubernetes`, reading);
    });
  }
  return reading;
}

function readCloud(configMap: CheckedObject, cloud: any, cloudPath: string, reading: JcascReading): void {
  const podLabels = cloudPodLabels(cloud.podLabels);
  cloud.templates.forEach((template: any, j: number) => {
    if (typeof template?.yaml !== 'string') return;
    const path = `${item(`${cloudPath}.templates`, j)}.yaml`;
    const fail = (detail: string): void => {
      reading.errors.push({ object: configMap, path, detail: `template "${template.name ?? j}": ${detail}` });
    };
    let pod: any;
    try {
      pod = parse(template.yaml);
    } catch (e) {
      return fail(`not YAML: ${(e as Error).message.split('\n')[0].replace(/:$/, '')}`);
    }
    // The plugin also accepts a partial pod (just `spec:`), so kind may be left out.
    if (typeof pod?.spec !== 'object' || pod.spec === null || (pod.kind !== undefined && pod.kind !== 'Pod')) {
      return fail('expected a Pod manifest with a spec');
    }
    reading.templates.push({
      owner: configMap,
      namespace: firstName(template.namespace, cloud.namespace, configMap.namespace) ?? 'default',
      metadataPath: `${path}.metadata`,
      specPath: `${path}.spec`,
      metadata: pod.metadata ?? {},
      spec: pod.spec,
      // The plugin's own labels win over the pod YAML's when both set a key.
      labels: { ...pod.metadata?.labels, ...podLabels },
      longRunning: false,
      embeddedName: String(template.name ?? j),
    });
  });
}

/** The cloud's `podLabels` (a list of `{key, value}`) as a label map. */
function cloudPodLabels(list: unknown): Labels {
  const labels: Record<string, string> = {};
  if (!Array.isArray(list)) return labels;
  for (const l of list) if (typeof l?.key === 'string') labels[l.key] = String(l.value ?? '');
  return labels;
}

/** The first non-blank string (blank namespaces mean "not set" to the plugin). */
function firstName(...candidates: unknown[]): string | undefined {
  return candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
}

function parseOrUndefined(text: string): any {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}
