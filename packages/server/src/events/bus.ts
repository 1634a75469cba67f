import { EventEmitter } from 'node:events';
import type { AlertReason } from '@hemma/core';

export interface WorklistItem {
  alertId: string;
  patientId: string;
  patientName: string;
  personnummer: string;
  unitIds: string[];
  severity: 'yellow' | 'red';
  reasons: AlertReason[];
  createdAt: string;
  observationId: string;
}

export interface HemmaEvents {
  'alert-created': WorklistItem;
  'alert-updated': {
    alertId: string;
    patientId: string;
    unitIds: string[];
    status: 'open' | 'acknowledged';
    acknowledgedBy?: string;
  };
  /** A chat message was stored (chat/). Internal notes go to staff streams only. */
  'chat-message': ChatMessageEvent;
}

export interface ChatMessageEvent {
  threadId: string;
  patientId: string;
  unitId: string;
  messageId: string;
  side: 'patient' | 'staff';
  kind: 'text' | 'note' | 'video' | 'visit-request';
}

/** Carries events to the other server processes; set by connectPostgresEvents on PostgreSQL. */
export type RemoteSender = <K extends keyof HemmaEvents>(type: K, payload: HemmaEvents[K]) => void;

/**
 * Publish/subscribe for events that happen after a commit. Subscribers in this process get an
 * event synchronously; with PostgreSQL every other server process on the same database gets it
 * through LISTEN/NOTIFY (events/pg-notify.ts), so an event-stream client connected to any process
 * sees every alert. The embedded database is one process: in-process delivery is all there is.
 */
export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private remote: RemoteSender | null = null;

  publish<K extends keyof HemmaEvents>(type: K, payload: HemmaEvents[K]): void {
    this.emitter.emit(type, payload);
    this.remote?.(type, payload);
  }

  subscribe<K extends keyof HemmaEvents>(type: K, listener: (payload: HemmaEvents[K]) => void): () => void {
    this.emitter.on(type, listener);
    return () => this.emitter.off(type, listener);
  }

  /** Sends every later publish to other processes as well; null stops that. */
  setRemote(sender: RemoteSender | null): void {
    this.remote = sender;
  }

  /** Delivers an event another process published, to this process's subscribers only. */
  deliverRemote<K extends keyof HemmaEvents>(type: K, payload: HemmaEvents[K]): void {
    this.emitter.emit(type, payload);
  }
}
