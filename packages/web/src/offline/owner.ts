import { useAuth } from '../shared/AuthContext';

/**
 * Whose data this device may keep: the signed-in patient's own. A relative (proxy) acts for a patient
 * chosen on the server and can switch at any time, so a queued value or a cached copy could end up with
 * the wrong person: for them nothing is queued or cached (null), the app simply works online.
 */
export function useDeviceOwner(): string | null {
  const { me } = useAuth();
  return me?.role === 'patient' ? me.id : null;
}
