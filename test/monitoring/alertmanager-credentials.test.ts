import { parse } from 'yaml';
import { renderAlertmanagerConfig } from '../../lib/monitoring/alertmanager-config';
import { ALERTMANAGER_CREDENTIALS_DIR, credentialedReceiver } from '../../lib/monitoring/alertmanager-credentials';

describe('credentialedReceiver', () => {
  test('every URL and SMTP password is a key of the receiver\'s external Secret, read as a file under its mount', () => {
    const { receiver, secret } = credentialedReceiver({
      name: 'oncall',
      email: [{ to: 'ops@example.com', from: 'am@example.com', smarthost: 'smtp.example.com:587', authUsername: 'am' }],
      webhook: [{}], slack: [{ channel: '#alerts' }], teams: [{}],
    }, 'monitoring');
    const dir = `${ALERTMANAGER_CREDENTIALS_DIR}/alertmanager-oncall`;
    expect(secret).toMatchObject({ name: 'alertmanager-oncall', origin: 'external', namespaces: ['monitoring'] });
    expect(secret!.keyNames).toEqual(['email-0-password', 'webhook-0-url', 'slack-0-url', 'teams-0-url']);
    const rendered = parse(renderAlertmanagerConfig({ receivers: [receiver], defaultReceiver: 'oncall' })).receivers[0];
    expect(rendered.email_configs[0]).toMatchObject({ auth_username: 'am', auth_password_file: `${dir}/email-0-password` });
    expect(rendered.webhook_configs[0].url_file).toBe(`${dir}/webhook-0-url`);
    expect(rendered.slack_configs[0]).toMatchObject({ api_url_file: `${dir}/slack-0-url`, channel: '#alerts' });
    expect(rendered.msteamsv2_configs[0].webhook_url_file).toBe(`${dir}/teams-0-url`);
  });

  test('a receiver without credentials (email without SMTP auth) needs no Secret', () => {
    const { receiver, secret } = credentialedReceiver({ name: 'mail', email: [{ to: 'a@example.com', from: 'b@example.com', smarthost: 'relay:25' }] }, 'monitoring');
    expect(secret).toBeUndefined();
    expect(receiver.email![0].authPasswordFile).toBeUndefined();
  });
});
