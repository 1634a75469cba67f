import type { FastifyReply } from 'fastify';

const PING_MS = 20_000;

export type SendEvent = (event: string, data: unknown) => void;

/**
 * Takes the response over as a server-sent event stream. The headers keep proxies from buffering or
 * transforming it, `retry` sets the client's reconnect delay and the comment ping keeps idle
 * connections from being closed by intermediaries. `subscribe` attaches the stream's sources and
 * returns their unsubscribe functions, which run when the client goes away.
 */
export function openEventStream(
  reply: FastifyReply,
  subscribe: (send: SendEvent) => Array<() => void>,
): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 3000\n: connected\n\n');
  const offs = subscribe((event, data) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
  const ping = setInterval(() => res.write(': ping\n\n'), PING_MS);
  res.on('close', () => {
    clearInterval(ping);
    for (const off of offs) off();
  });
}
