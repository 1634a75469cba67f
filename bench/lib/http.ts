import http from 'node:http';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A minimal HTTP/1.1 client over one keep-alive agent: node:http costs the load generator far less
 * CPU than fetch, which matters when the generator, the server and PostgreSQL share two cores.
 */
export class HttpClient {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(
    baseUrl: string,
    maxSockets: number,
    private readonly defaultHeaders: Record<string, string> = {},
  ) {
    this.url = new URL(baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  /** The same server and sockets, other default headers (e.g. a bearer token or a session cookie). */
  with(headers: Record<string, string>, maxSockets: number): HttpClient {
    return new HttpClient(this.url.origin, maxSockets, { ...this.defaultHeaders, ...headers });
  }

  request(
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.url.hostname,
          port: this.url.port,
          method,
          path,
          agent: this.agent,
          headers: {
            ...this.defaultHeaders,
            ...headers,
            ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString(),
            }),
          );
          res.on('error', reject);
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: no answer in 30 s`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  /** A request that must answer 2xx; returns the parsed JSON body. */
  async json<T>(method: string, path: string, body?: string, headers?: Record<string, string>): Promise<T> {
    const res = await this.request(method, path, body, headers);
    if (res.status < 200 || res.status >= 300) {
      throw new Error(`${method} ${path.split('?')[0]} answered ${res.status}: ${res.body.slice(0, 300)}`);
    }
    return JSON.parse(res.body) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Bearer token for the demo device gateway (OAuth 2.0 client credentials). */
export async function gatewayToken(client: HttpClient): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: 'demo-gateway',
    client_secret: 'demo-gateway-secret',
  }).toString();
  const { access_token } = await client.json<{ access_token: string }>('POST', '/oauth2/token', form, {
    'content-type': 'application/x-www-form-urlencoded',
  });
  return access_token;
}

/** Logs a demo staff member in; returns the Cookie header value for the session. */
export async function staffSession(client: HttpClient, username: string): Promise<string> {
  const res = await client.request(
    'POST',
    '/api/auth/login',
    JSON.stringify({ username, password: 'hemma-demo' }),
    {
      'content-type': 'application/json',
      'x-requested-with': 'hemma',
    },
  );
  const cookie = [res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('hemma_session='));
  if (res.status !== 200 || !cookie)
    throw new Error(`login as ${username} answered ${res.status}: ${res.body}`);
  return cookie.split(';')[0]!;
}
