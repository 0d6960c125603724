import { k8s } from '../core/k8s';

/** Where every Elasticsearch client of the stack (setup Job, Kibana, Fluentd) finds the CA. */
const CA_DIR = '/etc/elasticsearch-ca';
const VOLUME = 'elasticsearch-ca';
const CA_KEY = 'ca.crt';

/** The pieces a client pod needs to verify Elasticsearch's certificate. */
export interface ElasticsearchCa {
  /** Only `ca.crt` of the Secret: a certificate Secret also holds a private key, never mounted here. */
  readonly volume: k8s.Volume;
  /** Read-only mount of `volume`. */
  readonly mount: k8s.VolumeMount;
  /** Path of the CA file inside the container. */
  readonly file: string;
}

/** The CA of a cert-manager certificate Secret (`secretName`, same namespace as the pod), mounted read-only. */
export function elasticsearchCa(secretName: string): ElasticsearchCa {
  return {
    volume: { name: VOLUME, secret: { secretName, items: [{ key: CA_KEY, path: CA_KEY }] } },
    mount: { name: VOLUME, mountPath: CA_DIR, readOnly: true },
    file: `${CA_DIR}/${CA_KEY}`,
  };
}
