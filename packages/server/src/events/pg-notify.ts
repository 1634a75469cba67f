import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Database } from '../db/database';
import type { EventBus, HemmaEvents } from './bus';

const CHANNEL = 'hemma_events';
// PostgreSQL refuses NOTIFY payloads of 8000 bytes or more.
const MAX_PAYLOAD_BYTES = 7_900;
const RECONNECT_MS = 1_000;

interface Envelope {
  /** The publishing process, so it does not deliver its own event twice. */
  o: string;
  t: keyof HemmaEvents;
  p: unknown;
}

interface Logger {
  warn(obj: object, msg: string): void;
}

/**
 * Connects the bus to the other server processes on the same PostgreSQL database: every publish
 * is also sent with NOTIFY, and a dedicated connection LISTENs and delivers the other processes'
 * events to this one's subscribers. NOTIFY is transactional and per database; the sends of one
 * process are batched into one statement each, which keeps their order.
 * Events published while the listening connection is being re-established are not replayed: the
 * event stream tells clients to reconnect, and the worklist is re-read on reconnect.
 * Returns the function that disconnects.
 */
export async function connectPostgresEvents(
  db: Database,
  bus: EventBus,
  log: Logger,
): Promise<() => Promise<void>> {
  const origin = randomUUID();
  let closed = false;
  let listener: pg.PoolClient | null = null;
  let retry: NodeJS.Timeout | null = null;

  const onNotification = (msg: pg.Notification) => {
    if (msg.channel !== CHANNEL || !msg.payload) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(msg.payload) as Envelope;
    } catch {
      return;
    }
    if (envelope.o === origin) return;
    bus.deliverRemote(envelope.t, envelope.p as HemmaEvents[typeof envelope.t]);
  };

  const listen = async (): Promise<void> => {
    const client = await db.pool.connect();
    const lost = (err?: Error) => {
      if (listener !== client) return;
      listener = null;
      client.off('notification', onNotification);
      client.release(err ?? true);
      if (!closed) {
        log.warn(
          { errCode: (err as { code?: string } | undefined)?.code },
          'event listener connection lost; reconnecting',
        );
        scheduleListen();
      }
    };
    client.on('notification', onNotification);
    client.on('error', lost);
    client.on('end', () => lost());
    listener = client;
    await client.query(`LISTEN ${CHANNEL}`);
  };
  const scheduleListen = () => {
    retry = setTimeout(() => {
      retry = null;
      listen().catch((err: Error) => {
        if (closed) return;
        log.warn({ errCode: (err as { code?: string }).code }, 'event listener could not connect; retrying');
        scheduleListen();
      });
    }, RECONNECT_MS);
  };
  await listen();

  let pending: string[] = [];
  let sending: Promise<void> | null = null;
  const flush = async () => {
    while (pending.length > 0 && !closed) {
      const batch = pending;
      pending = [];
      try {
        await db.query(
          'SELECT pg_notify($1, payload) FROM unnest($2::text[]) WITH ORDINALITY AS t(payload, n) ORDER BY n',
          [CHANNEL, batch],
        );
      } catch (err) {
        log.warn(
          { errCode: (err as { code?: string }).code, events: batch.length },
          'events not sent to other processes',
        );
      }
    }
    sending = null;
  };
  bus.setRemote((type, payload) => {
    const text = JSON.stringify({ o: origin, t: type, p: payload } satisfies Envelope);
    if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) {
      log.warn({ type }, 'event too large for NOTIFY; delivered in this process only');
      return;
    }
    pending.push(text);
    sending ??= flush();
  });

  return async () => {
    bus.setRemote(null);
    await sending;
    closed = true;
    if (retry) clearTimeout(retry);
    const client = listener;
    listener = null;
    if (client) {
      await client.query(`UNLISTEN ${CHANNEL}`).catch(() => {});
      client.release();
    }
  };
}
