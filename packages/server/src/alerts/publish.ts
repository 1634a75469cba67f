import type { Database } from '../db/database';
import type { EventBus } from '../events/bus';
import { worklistItems } from './repository';

/** After commit: tell open worklists about new alerts (the SSE route filters by the viewer's units). */
export async function publishAlertsCreated(db: Database, bus: EventBus, alertIds: string[]): Promise<void> {
  for (const item of await worklistItems(db, alertIds)) bus.publish('alert-created', item);
}
