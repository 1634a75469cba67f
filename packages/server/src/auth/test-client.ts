// Test helper: a browser-like client of the app (cookie jar, CSRF header).
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** Keeps the cookies the server sets, as a browser would. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(res: LightMyRequestResponse) {
    const header = res.headers['set-cookie'];
    for (const line of Array.isArray(header) ? header : header ? [header] : []) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /Expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** A browser-like client of the app: cookie jar plus the CSRF header. */
export function client(app: FastifyInstance) {
  const jar = new CookieJar();
  const send = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) => {
    const res = await app.inject({
      method,
      url,
      headers: { cookie: jar.header(), 'x-requested-with': 'hemma' },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
    jar.store(res);
    return res;
  };
  return { jar, send };
}
