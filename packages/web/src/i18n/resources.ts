/** Translation files live in `locales/<language>/<area>.json`. Every file of a language is merged
 *  into one tree, so a capability adds its own file and a new language is a new folder — no code
 *  changes. Two files of one language may not define the same top-level key. */
export type Tree = { [key: string]: string | Tree };

export function mergeLocaleFiles(files: Record<string, Tree>): Record<string, Tree> {
  const byLang: Record<string, Tree> = {};
  for (const [file, tree] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const match = /locales\/([^/]+)\/([^/]+)\.json$/.exec(file);
    if (!match) throw new Error(`Translation file outside locales/<language>/: ${file}`);
    const lang = match[1] as string;
    const target = byLang[lang] ?? {};
    byLang[lang] = target;
    for (const [key, value] of Object.entries(tree)) {
      if (key in target) throw new Error(`Translation key "${key}" is defined twice for ${lang} (${file})`);
      target[key] = value;
    }
  }
  return byLang;
}

/** Flattens nested translations to "a.b.c" → value. */
export function flatten(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of flatten(value, path)) out.set(k, v);
    } else out.set(path, value);
  }
  return out;
}

/** Languages written right to left; the document direction follows the chosen language. */
const RTL = new Set(['ar', 'fa', 'he', 'ur']);
export function directionOf(lang: string): 'rtl' | 'ltr' {
  return RTL.has(lang.split('-')[0] ?? lang) ? 'rtl' : 'ltr';
}
