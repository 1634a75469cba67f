import fs from 'node:fs/promises';
import { type Channel, PermanentFailure } from './channel';

/**
 * SMS through a provider's HTTP API: a JSON POST `{ to, from, text, reference }` with the configured
 * Authorization header. Any 2xx is delivered; 4xx other than 408/429 will not improve by retrying.
 */
export function httpSmsChannel(
  url: string,
  opts: { auth?: string; from: string; timeoutMs?: number },
): Channel {
  return {
    name: 'sms',
    async send({ recipient, text, reference }) {
      if (!recipient.phone) throw new PermanentFailure('no verified phone number');
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(opts.auth ? { authorization: opts.auth } : {}),
        },
        body: JSON.stringify({ to: recipient.phone, from: opts.from, text: text.body, reference }),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      await res.body?.cancel();
      if (res.ok) return `provider ${res.status}`;
      const message = `provider answered ${res.status}`;
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
        throw new PermanentFailure(message);
      }
      throw new Error(message);
    },
  };
}

/** Demo provider: appends each SMS as one JSON line to a file in the data directory. */
export function fileSmsChannel(file: string): Channel {
  return {
    name: 'sms',
    async send({ recipient, text, reference }) {
      if (!recipient.phone) throw new PermanentFailure('no verified phone number');
      const line = { at: new Date().toISOString(), to: recipient.phone, text: text.body, reference };
      await fs.appendFile(file, `${JSON.stringify(line)}\n`, { mode: 0o600 });
      return 'written to demo file';
    },
  };
}
