import type { FastifyReply } from 'fastify';
import type { EventBus } from '../events/bus';
import type { Participant } from './participant';

const PING_MS = 20_000;

/**
 * Server-sent events for conversations: `chat-message` with the thread and message id (never the
 * text; the client fetches it through the audited route). The patient side gets its own threads'
 * messages except internal notes; staff get those of their units.
 */
export function chatEventStream(bus: EventBus, who: Participant, reply: FastifyReply): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 3000\n: connected\n\n');
  const off = bus.subscribe('chat-message', (e) => {
    const visible =
      who.side === 'patient'
        ? e.patientId === who.patientId && e.kind !== 'note'
        : who.unitIds.includes(e.unitId);
    if (!visible) return;
    const { patientId: _p, ...event } = e;
    res.write(`event: chat-message\ndata: ${JSON.stringify(who.side === 'staff' ? e : event)}\n\n`);
  });
  const ping = setInterval(() => res.write(': ping\n\n'), PING_MS);
  res.on('close', () => {
    clearInterval(ping);
    off();
  });
}
