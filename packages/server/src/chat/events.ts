import type { FastifyReply } from 'fastify';
import type { EventBus } from '../events/bus';
import { openEventStream } from '../http/event-stream';
import type { Participant } from './participant';

/**
 * Server-sent events for conversations: `chat-message` with the thread and message id (never the
 * text; the client fetches it through the audited route). The patient side gets its own threads'
 * messages except internal notes; staff get those of their units.
 */
export function chatEventStream(bus: EventBus, who: Participant, reply: FastifyReply): void {
  openEventStream(reply, (send) => [
    bus.subscribe('chat-message', (e) => {
      const visible =
        who.side === 'patient'
          ? e.patientId === who.patientId && e.kind !== 'note'
          : who.unitIds.includes(e.unitId);
      if (!visible) return;
      const { patientId: _p, ...event } = e;
      send('chat-message', who.side === 'staff' ? e : event);
    }),
  ]);
}
