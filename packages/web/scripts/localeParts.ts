// Vite plugin: `locales/<lang>/<area>.json?texts=first&lang.json` is the part of the area file that the first view
// needs, `?texts=rest` the remainder (src/i18n/firstView.ts). The area files stay as their capabilities
// wrote them; the split happens at build time, so a language is two downloads (vite.config.ts names the
// chunks `locale-<lang>` and `locale-<lang>-more`) without a list of files to keep in step.
import type { Plugin } from 'vite';
import { splitTexts } from '../src/i18n/firstView';

const PART = /[\\/]i18n[\\/]locales[\\/][^\\/]+[\\/][^\\/]+\.json\?texts=(first|rest)&lang\.json$/;

export function localeParts(): Plugin {
  return {
    name: 'hemma-locale-parts',
    enforce: 'pre',
    transform(code, id) {
      const part = PART.exec(id)?.[1] as 'first' | 'rest' | undefined;
      if (!part) return null;
      // Still JSON (the query ends in `.json`): Vite's JSON plugin turns it into a module afterwards, as it
      // does for the whole file where this plugin is absent (unit tests).
      return { code: JSON.stringify(splitTexts(JSON.parse(code), part)), map: null };
    },
  };
}
