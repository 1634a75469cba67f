// `React.lazy` for the pages loaded on demand: the page's code and the texts beyond the first view
// (i18n/firstView.ts) are fetched together, so a page never renders before its texts are in.
import { type ComponentType, lazy as reactLazy } from 'react';
import { completeTexts } from '../i18n';

// biome-ignore lint/suspicious/noExplicitAny: the same constraint as React.lazy's own signature.
export function lazy<T extends ComponentType<any>>(load: () => Promise<{ default: T }>) {
  // A failed text download (offline before the service worker cached it) leaves the page usable with the
  // texts already in rather than breaking it; the next page load tries again.
  return reactLazy(() =>
    Promise.all([load(), completeTexts().catch(() => undefined)]).then(([page]) => page),
  );
}
