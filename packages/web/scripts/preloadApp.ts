// Vite plugin: the boot module (src/main.tsx) imports the app (src/start.tsx) dynamically, so that it can
// start the first requests before the app's code has arrived. Vite preloads only an entry's static
// imports from index.html; this adds the app chunk, its static imports and their CSS to index.html, so
// the browser fetches them in parallel with the boot module instead of one round trip after it.
import type { HtmlTagDescriptor, Plugin, Rolldown } from 'vite';

const APP_MODULE = /\/src\/start\.tsx$/;

export function preloadApp(): Plugin {
  return {
    name: 'hemma-preload-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle, chunk }) {
        if (!bundle || !chunk) return;
        const chunks = new Map(
          Object.values(bundle)
            .filter((o): o is Rolldown.OutputChunk => o.type === 'chunk')
            .map((c) => [c.fileName, c]),
        );
        const app = chunk.dynamicImports
          .map((f) => chunks.get(f))
          .find((c) => c?.moduleIds.some((id) => APP_MODULE.test(id)));
        if (!app) throw new Error('preloadApp: the boot module no longer imports src/start.tsx');
        // Vite already preloads the entry's own static imports.
        const seen = new Set<string>([chunk.fileName, ...chunk.imports]);
        const order: Rolldown.OutputChunk[] = [];
        const visit = (c: Rolldown.OutputChunk) => {
          if (seen.has(c.fileName)) return;
          seen.add(c.fileName);
          order.push(c);
          for (const f of c.imports) {
            const dep = chunks.get(f);
            if (dep) visit(dep);
          }
        };
        visit(app);
        const css = new Set(order.flatMap((c) => [...(c.viteMetadata?.importedCss ?? [])]));
        return [
          ...order.map(
            (c): HtmlTagDescriptor => ({
              tag: 'link',
              attrs: { rel: 'modulepreload', crossorigin: true, href: `/${c.fileName}` },
              injectTo: 'head',
            }),
          ),
          ...[...css].map(
            (href): HtmlTagDescriptor => ({
              tag: 'link',
              attrs: { rel: 'stylesheet', crossorigin: true, href: `/${href}` },
              injectTo: 'head',
            }),
          ),
        ];
      },
    },
  };
}
