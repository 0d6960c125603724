import { dump } from 'js-yaml';

/**
 * The one YAML writer: manifests (lib/synth/render-charts) and every config embedded in them (Prometheus,
 * Alertmanager, rule files, Grafana provisioning, JCasC, agent pods, Kibana and Elasticsearch settings).
 * - js-yaml rather than the `yaml` package: about four times faster on a cold start, the largest cost of synth.
 * - It quotes every string a YAML 1.1 reader would take for something else (`"off"`, `"yes"`, `"0123"`): kubectl
 *   (gopkg.in/yaml.v2), Jenkins (SnakeYAML) and Prometheus read YAML 1.1, so a string stays a string.
 * - Lines are never folded and multi-line strings are literal blocks (`|`), so scripts, PromQL and pod YAML read
 *   as written; equal objects are repeated, never turned into anchors and aliases.
 */
export function writeYaml(value: unknown): string {
  return dump(value, { lineWidth: -1, noRefs: true, quotingType: '"' });
}
