import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';

const SERVER_DIR = new URL('../..', import.meta.url).pathname;

export interface ServerProcess {
  base: string;
  child: ChildProcess;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  /** Output so far, for failure messages. */
  output: () => string;
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

/** A real server process (`src/main.ts`, as `npm start` runs it) on 127.0.0.1, started and ready. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: SERVER_DIR,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      // Demo mode: staff log in without a second factor (the tests' fixture has none set up).
      HEMMA_DEMO: '1',
      HEMMA_RATE_LIMIT: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | string>((r) =>
    child.once('exit', (code, signal) => r(code ?? signal ?? -1)),
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited during start: ${out}`);
    const ok = await fetch(`${base}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become ready: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { base, child, exited, output: () => out };
}

/** Reads a server-sent event stream into a growing text. */
export async function openEventStream(url: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  const reader = res.body!.getReader();
  let text = '';
  let ended = false;
  const pump = (async () => {
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        text += new TextDecoder().decode(chunk.value);
      }
    } catch {
      // aborted
    }
    ended = true;
  })();
  const until = async (pattern: RegExp, ms: number) => {
    const deadline = Date.now() + ms;
    while (!pattern.test(text) && Date.now() < deadline && !ended)
      await new Promise((r) => setTimeout(r, 20));
    return text;
  };
  return {
    res,
    until,
    ended: () => ended,
    close: async () => {
      controller.abort();
      await pump;
    },
  };
}

/** Logs in over HTTP; returns the headers a changing, cookie-authenticated request needs. */
export async function loginOver(base: string, username: string, password = 'secret-password') {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'hemma' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
  return { cookie, 'x-requested-with': 'hemma' };
}
