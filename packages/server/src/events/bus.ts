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
}

/**
 * In-process publish/subscribe for events that happen after a commit. One server process sees
 * its own writes; running several processes needs PostgreSQL LISTEN/NOTIFY behind this interface.
 */
export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish<K extends keyof HemmaEvents>(type: K, payload: HemmaEvents[K]): void {
    this.emitter.emit(type, payload);
  }

  subscribe<K extends keyof HemmaEvents>(type: K, listener: (payload: HemmaEvents[K]) => void): () => void {
    this.emitter.on(type, listener);
    return () => this.emitter.off(type, listener);
  }
}
