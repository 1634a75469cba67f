// The texts split in two downloads per language: what the first view shows (the shared header and menus,
// the login page, the patient's start page) comes with the app's code; the rest of the language (every
// other page, staff and administration included) follows once the first view is on screen, and any page
// loaded on demand waits for it (i18n/index.ts `completeTexts`). On a slow link (bench/web-budget.ts) the
// full language is ~15 kB on the wire before the first view, its first-view part ~4 kB.
//
// Used by the build (scripts/localeParts.ts picks the texts out of each area file) and by the app.
// `firstView.test.ts` checks that every text the first view's modules name is listed here.
import type { Tree } from './resources';

/** Paths into a language's merged tree; a path takes its whole subtree and its plural forms (`_one`…). */
export const FIRST_VIEW_TEXTS: readonly string[] = [
  'app',
  'nav',
  'language',
  'common',
  'login',
  'offline',
  'today',
  'record.chooseTitle',
  'record.chooseIntro',
  'record.seeHistory',
  // The header's and menus' links into areas whose other texts come later.
  'access.nav',
  'admin.nav',
  'dashboard.nav',
  'protocols.link',
  'plans.patient.link',
  'questionnaires.link',
  'ble.link',
  'imports.link',
  'settings.link',
  'settings.moreNav',
  'chat.nav',
  'chat.unreadThreads',
  'relatives.banner',
  // The login page's other ways in and its second step.
  'identity.nav',
  'identity.providers',
  'identity.loginWith',
  'identity.orPassword',
  'identity.passkey',
  'identity.secondFactor',
];

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Whether `path` (a.b.c) is part of the first view's texts. */
export function isFirstViewText(path: string): boolean {
  const bare = path.replace(PLURAL, '');
  return FIRST_VIEW_TEXTS.some((p) => bare === p || path.startsWith(`${p}.`));
}

/** The first view's part of a text tree, or everything else: the two are disjoint and together the tree. */
export function splitTexts(tree: Tree, part: 'first' | 'rest', prefix = ''): Tree {
  const out: Tree = {};
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') {
      if (isFirstViewText(path) === (part === 'first')) out[key] = value;
    } else {
      const sub = splitTexts(value, part, path);
      if (Object.keys(sub).length > 0) out[key] = sub;
    }
  }
  return out;
}

/** Puts the two parts (or any two disjoint trees) back together. */
export function mergeTexts(a: Tree, b: Tree): Tree {
  const out: Tree = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const mine = out[key];
    out[key] = typeof mine === 'object' && typeof value === 'object' ? mergeTexts(mine, value) : value;
  }
  return out;
}
