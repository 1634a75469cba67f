/// <reference types="vite-plugin-pwa/client" />
// Registers the Workbox service worker generated at build (vite.config.ts). In development there is none
// (the virtual module is a no-op), so hot reload is never served stale files.
import { registerSW } from 'virtual:pwa-register';

/** A new version is active. Reloading at once could throw away a half-typed value, so the app reloads the
 *  next time it goes to the background (queued values are in IndexedDB and survive any reload). */
function reloadWhenHidden(): void {
  if (document.visibilityState === 'hidden') {
    window.location.reload();
    return;
  }
  const onChange = () => {
    if (document.visibilityState !== 'hidden') return;
    document.removeEventListener('visibilitychange', onChange);
    window.location.reload();
  };
  document.addEventListener('visibilitychange', onChange);
}

/** After the page has loaded: installing downloads the whole app shell for offline use, which on a slow
 *  link would otherwise compete with the first view for bandwidth. */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const register = () => registerSW({ immediate: true, onNeedReload: reloadWhenHidden });
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
