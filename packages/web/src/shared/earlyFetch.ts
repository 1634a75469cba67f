// Requests the first view waits for, started by the boot module (main.tsx) while the app's code is still
// downloading: on a slow mobile link each round trip costs ~0.4 s, and a session check made only after the
// code has arrived (then the start page's data after that) would add them one after another.
// `request()` in api.ts takes a started request instead of sending the same GET again.

const HEADERS = { Accept: 'application/json, application/problem+json' };
// Long enough for the slowest first view; short enough that nothing is served from it later.
const MAX_AGE_MS = 30_000;

const started = new Map<string, { response: Promise<Response>; at: number }>();

function start(path: string): Promise<Response> {
  const response = fetch(path, { headers: HEADERS, credentials: 'same-origin' });
  // Never taken (e.g. the user went elsewhere): the failure is nobody's to report.
  response.catch(() => undefined);
  started.set(path, { response, at: Date.now() });
  return response;
}

/** The start page of a patient shows today's plan: its two requests start as soon as the session is known
 *  to be a patient's, and only for that page (what another page needs is not guessed). */
const PATIENT_START = ['/api/patient/today', '/api/patient/plan'];

/** Starts the session check and, for a patient opening the start page, the start page's data; when nobody
 *  is logged in, `loggedOut` (the boot module starts the login page's code there). */
export function startEarlyRequests(pathname: string, loggedOut?: () => void): void {
  const me = start('/api/me');
  const patientStart = pathname.replace(/\/$/, '') === '/patient';
  me.then((r) => {
    if (r.status === 401) loggedOut?.();
    return patientStart && r.ok ? r.clone().json() : null;
  })
    .then((user: { role?: string } | null) => {
      if (user?.role === 'patient' && started.has('/api/me')) for (const path of PATIENT_START) start(path);
    })
    .catch(() => undefined);
}

/** A GET started early for `path`, once: the caller reads its body. */
export function takeEarly(path: string): Promise<Response> | undefined {
  const entry = started.get(path);
  started.delete(path);
  return entry && Date.now() - entry.at < MAX_AGE_MS ? entry.response : undefined;
}

/** At login and logout: what was fetched for the previous session must not be served to the next. */
export function forgetEarly(): void {
  started.clear();
}
