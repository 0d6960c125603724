import { posix } from 'path';
import { Construct } from 'constructs';
import { k8s } from '../core/k8s';
import { contentHash } from '../core/hash';

/** What the API server accepts as a ConfigMap key. */
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

export interface AppConfigProps {
  /** ConfigMap name. */
  readonly name: string;
  /** Namespace of the ConfigMap: the app's. */
  readonly namespace: string;
  /** Files by absolute path in the container; each is mounted read-only on its own path. @default - none */
  readonly files?: Readonly<Record<string, string>>;
  /** Environment variables, read by the container from the ConfigMap. @default - none */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * An app's configuration in one ConfigMap, with what a container needs to use it: volume, mounts,
 * env references and a content hash for the pod template.
 */
export class AppConfig extends Construct {
  public readonly configMap: k8s.KubeConfigMap;
  /** Digest of every key and value: put it on the pod template. */
  public readonly hash: string;
  public readonly volumes: k8s.Volume[];
  public readonly volumeMounts: k8s.VolumeMount[];
  public readonly env: k8s.EnvVar[];

  constructor(scope: Construct, id: string, props: AppConfigProps) {
    super(scope, id);
    const files = Object.entries(props.files ?? {});
    const env = Object.entries(props.env ?? {});
    const data: Record<string, string> = {};
    for (const [path, content] of files) {
      if (!posix.isAbsolute(path)) throw new Error(`Config of ${props.name}: file path "${path}" must be absolute`);
      addKey(data, posix.basename(path), content, props.name);
    }
    for (const [variable, value] of env) addKey(data, variable, value, props.name);

    this.configMap = new k8s.KubeConfigMap(this, 'config-map', { metadata: { name: props.name, namespace: props.namespace }, data });
    this.hash = contentHash(data);
    const volume = 'config';
    this.volumes = files.length ? [{ name: volume, configMap: { name: this.configMap.name } }] : [];
    // subPath mounts never see ConfigMap updates; the hash annotation rolls the pods instead.
    this.volumeMounts = files.map(([path]) => ({ name: volume, mountPath: path, subPath: posix.basename(path), readOnly: true }));
    this.env = env.map(([variable]) => ({ name: variable, valueFrom: { configMapKeyRef: { name: this.configMap.name, key: variable } } }));
  }
}

function addKey(data: Record<string, string>, key: string, value: string, owner: string): void {
  if (!CONFIG_KEY.test(key)) throw new Error(`Config of ${owner}: "${key}" is not a valid ConfigMap key`);
  if (key in data) throw new Error(`Config of ${owner}: key "${key}" is used twice (file names and variable names share one ConfigMap)`);
  data[key] = value;
}
