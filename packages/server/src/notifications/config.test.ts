import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNotificationConfig, resolveVapid } from './config';

const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hemma-notif-'));

describe('loadNotificationConfig', () => {
  it('uses demo defaults: SMS to a file, a demo meeting service, VAPID keys generated once on use', () => {
    const dir = dataDir();
    const config = loadNotificationConfig({}, { dataDir: dir, demo: true });
    expect(config.smsProvider).toBe('file');
    expect(config.videoUrlTemplate).toContain('{room}');
    expect(fs.existsSync(path.join(dir, 'vapid.json'))).toBe(false); // not at load
    const first = resolveVapid(config)!;
    const again = resolveVapid(loadNotificationConfig({}, { dataDir: dir, demo: true }))!;
    expect(again.publicKey).toBe(first.publicKey);
    expect(first.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
  });

  it('enables nothing unconfigured outside demo mode', () => {
    const config = loadNotificationConfig({}, { dataDir: dataDir(), demo: false });
    expect(config).toMatchObject({ smsProvider: 'none', smtpUrl: undefined, videoUrlTemplate: undefined });
    expect(resolveVapid(config)).toBeUndefined();
  });

  it('reads the providers from the environment and refuses a bad template or provider', () => {
    const config = loadNotificationConfig(
      {
        HEMMA_SMS_URL: 'https://sms.example/send',
        HEMMA_SMS_AUTH: 'Bearer x',
        HEMMA_SMTP_URL: 'smtp://mail.example:25',
        HEMMA_VIDEO_URL_TEMPLATE: 'https://video.region.example/{room}',
      },
      { dataDir: dataDir(), demo: false },
    );
    expect(config).toMatchObject({
      smsProvider: 'http',
      smsUrl: 'https://sms.example/send',
      smtpUrl: 'smtp://mail.example:25',
    });
    const bad = (env: NodeJS.ProcessEnv) => () =>
      loadNotificationConfig(env, { dataDir: dataDir(), demo: false });
    expect(bad({ HEMMA_VIDEO_URL_TEMPLATE: 'http://video.example/{room}' })).toThrow(/https/);
    expect(bad({ HEMMA_VIDEO_URL_TEMPLATE: 'https://video.example/fixed' })).toThrow(/\{room\}/);
    expect(bad({ HEMMA_SMS_PROVIDER: 'pigeon' })).toThrow(/HEMMA_SMS_PROVIDER/);
  });
});
