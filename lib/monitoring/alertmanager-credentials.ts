import { AlertmanagerReceiver, EmailReceiver, SlackReceiver, TeamsReceiver, WebhookReceiver } from './alertmanager-config';
import { DeclaredSecret } from '../secrets/declared-secret';

/** Where Alertmanager finds the receivers' credential Secrets: one directory per Secret. */
export const ALERTMANAGER_CREDENTIALS_DIR = '/etc/alertmanager/secrets';

/** A receiver as an environment describes it: the integrations, without the credential files (the platform places those). */
export interface ReceiverSpec {
  readonly name: string;
  /** @default - none */
  readonly email?: readonly Omit<EmailReceiver, 'authPasswordFile'>[];
  /** @default - none */
  readonly webhook?: readonly Omit<WebhookReceiver, 'urlFile'>[];
  /** @default - none */
  readonly slack?: readonly Omit<SlackReceiver, 'apiUrlFile'>[];
  /** @default - none */
  readonly teams?: readonly Omit<TeamsReceiver, 'webhookUrlFile'>[];
  /** @default true */
  readonly sendResolved?: boolean;
}

/** A receiver with its credential files, and the Secret an operator creates for them. */
export interface CredentialedReceiver {
  readonly receiver: AlertmanagerReceiver;
  /** `alertmanager-<receiver>`, one key per credential; undefined when the receiver needs none. */
  readonly secret?: DeclaredSecret;
}

/**
 * The credential files of a receiver: every URL (webhooks carry their token in it) and every SMTP
 * password is a key of one external Secret `alertmanager-<receiver>` in `namespace`, mounted under
 * ALERTMANAGER_CREDENTIALS_DIR, so no credential is ever rendered.
 */
export function credentialedReceiver(spec: ReceiverSpec, namespace: string): CredentialedReceiver {
  const secretName = `alertmanager-${spec.name}`;
  const keys: string[] = [];
  const file = (key: string) => {
    keys.push(key);
    return `${ALERTMANAGER_CREDENTIALS_DIR}/${secretName}/${key}`;
  };
  const receiver: AlertmanagerReceiver = {
    name: spec.name,
    sendResolved: spec.sendResolved,
    email: spec.email?.map((e, i) => ({ ...e, authPasswordFile: e.authUsername ? file(`email-${i}-password`) : undefined })),
    webhook: spec.webhook?.map((w, i) => ({ ...w, urlFile: file(`webhook-${i}-url`) })),
    slack: spec.slack?.map((s, i) => ({ ...s, apiUrlFile: file(`slack-${i}-url`) })),
    teams: spec.teams?.map((t, i) => ({ ...t, webhookUrlFile: file(`teams-${i}-url`) })),
  };
  const secret = keys.length ? DeclaredSecret.external({
    name: secretName, namespaces: [namespace], keys,
    description: `Credentials of the Alertmanager receiver "${spec.name}" (webhook URLs, SMTP password), read as files at notification time.`,
  }) : undefined;
  return { receiver, secret };
}
