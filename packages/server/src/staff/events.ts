import type { FastifyReply } from 'fastify';
import type { UserActor } from '../auth/actor';
import type { EventBus } from '../events/bus';
import { openEventStream } from '../http/event-stream';

/** Server-sent events for the worklist: new and updated alerts and new patient messages at the viewer's units. */
export function eventStream(bus: EventBus, user: UserActor, reply: FastifyReply): void {
  const mine = (unitIds: string[]) => unitIds.find((u) => user.unitIds.includes(u));
  openEventStream(reply, (send) => [
    bus.subscribe('alert-created', ({ unitIds, ...item }) => {
      const unitId = mine(unitIds);
      if (unitId) send('alert-created', { ...item, unitId });
    }),
    bus.subscribe('alert-updated', ({ unitIds, patientId: _p, ...update }) => {
      if (mine(unitIds)) send('alert-updated', update);
    }),
    // A patient's message changes the unit's unread items on the worklist; the client refetches.
    bus.subscribe('chat-message', ({ unitId, side }) => {
      if (side === 'patient' && user.unitIds.includes(unitId)) send('worklist-changed', {});
    }),
  ]);
}
