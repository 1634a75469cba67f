// Code-splitting group (vite.config.ts, rolldown `codeSplitting.groups[].name`): puts every module the app
// module statically imports into one chunk (`app`), and what the boot entry imports into another (`boot`,
// so the entry never waits for the app chunk). Without it the first view is spread over a dozen small
// shared chunks, one request each, and on a slow link each request waits for one of the browser's six
// connections.
import type { Rolldown } from 'vite';

type NameFunction = Extract<NonNullable<Rolldown.CodeSplittingGroup['name']>, (...args: never[]) => unknown>;
type ChunkingContext = Parameters<NameFunction>[1];

/** Two groups: `boot` (what the entry `boot` imports, the entry module itself excepted) before `app`
 *  (what `app` imports); higher priority, because a group takes in its modules' dependencies too and
 *  `app` would otherwise swallow the boot modules. `app` and `boot` are absolute module paths. Modules
 *  matching `skip` are left to the default splitting: @hemma/core's index re-exports the whole domain, of
 *  which tree-shaking keeps only what is used — the import graph alone cannot tell which. */
export function firstViewChunks(app: string, boot: string, skip: RegExp): Rolldown.CodeSplittingGroup[] {
  let names: Map<string, string> | null = null;
  const staticClosure = (ctx: ChunkingContext, root: string) => {
    const seen = new Set<string>();
    const todo = [root];
    for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
      if (seen.has(id) || skip.test(id)) continue;
      seen.add(id);
      todo.push(...(ctx.getModuleInfo(id)?.importedIds ?? []));
    }
    return seen;
  };
  // The module graph is complete when rolldown asks for chunk names: compute the groups once.
  const nameOf = (id: string, ctx: ChunkingContext) => {
    if (!names) {
      names = new Map([...staticClosure(ctx, app)].map((m) => [m, 'app']));
      for (const m of staticClosure(ctx, boot)) if (m !== boot) names.set(m, 'boot');
    }
    return names.get(id);
  };
  return [
    { name: (id, ctx) => (nameOf(id, ctx) === 'boot' ? 'boot' : null), priority: 2 },
    { name: (id, ctx) => (nameOf(id, ctx) === 'app' ? 'app' : null), priority: 1 },
  ];
}
