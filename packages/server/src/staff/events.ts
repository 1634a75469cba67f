import type { FastifyReply } from 'fastify';
import type { UserActor } from '../auth/actor';
import type { EventBus } from '../events/bus';

const PING_MS = 20_000;

/** Server-sent events for the worklist: new and updated alerts and new patient messages at the viewer's units. */
export function eventStream(bus: EventBus, user: UserActor, reply: FastifyReply): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 3000\n: connected\n\n');
  const mine = (unitIds: string[]) => unitIds.find((u) => user.unitIds.includes(u));
  const send = (event: string, data: unknown) =>
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

  const offCreated = bus.subscribe('alert-created', ({ unitIds, ...item }) => {
    const unitId = mine(unitIds);
    if (unitId) send('alert-created', { ...item, unitId });
  });
  const offUpdated = bus.subscribe('alert-updated', ({ unitIds, patientId: _p, ...update }) => {
    if (mine(unitIds)) send('alert-updated', update);
  });
  // A patient's message changes the unit's unread items on the worklist; the client refetches.
  const offChat = bus.subscribe('chat-message', ({ unitId, side }) => {
    if (side === 'patient' && user.unitIds.includes(unitId)) send('worklist-changed', {});
  });
  const ping = setInterval(() => res.write(': ping\n\n'), PING_MS);
  res.on('close', () => {
    clearInterval(ping);
    offCreated();
    offUpdated();
    offChat();
  });
}
