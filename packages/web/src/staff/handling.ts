import { useEffect } from 'react';
import { type WorkItem, workspaceApi } from './workspaceApi';

// Time spent per worklist item: opening an item starts the clock, leaving the patient page stops it and
// sends the seconds (the follow-up dashboard sums them into staff minutes per 100 patients per week).

const KEY = 'hemma.handling';

interface Started {
  patientId: string;
  alertId: string | null;
  kind: WorkItem['kind'];
  at: number;
}

export function startHandling(item: WorkItem): void {
  const started: Started = {
    patientId: item.patientId,
    alertId: item.alertId,
    kind: item.kind,
    at: Date.now(),
  };
  sessionStorage.setItem(KEY, JSON.stringify(started));
}

/** On the patient page: reports the time from opening (from the worklist, or arriving) to leaving. */
export function useHandlingTimer(patientId: string): void {
  useEffect(() => {
    let started: Started | null = null;
    try {
      started = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Started | null;
    } catch {
      started = null;
    }
    if (started?.patientId !== patientId) {
      started = { patientId, alertId: null, kind: 'alert', at: Date.now() };
    }
    sessionStorage.removeItem(KEY);
    const from = started;
    let sent = false;
    const report = () => {
      if (sent) return;
      sent = true;
      const seconds = Math.min(Math.round((Date.now() - from.at) / 1000), 86_400);
      if (seconds < 1) return;
      void workspaceApi.handling({
        patientId,
        itemKind: from.alertId ? from.kind : 'patient',
        ...(from.alertId ? { alertId: from.alertId } : {}),
        seconds,
      });
    };
    window.addEventListener('pagehide', report);
    return () => {
      window.removeEventListener('pagehide', report);
      report();
    };
  }, [patientId]);
}
