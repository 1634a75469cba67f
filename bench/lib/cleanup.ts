/**
 * Everything the bench starts (PostgreSQL, the Hemma server, temp dirs) registers its teardown here,
 * so it is undone on success, on error and on Ctrl-C alike. Teardowns run newest first.
 */
type Teardown = {
  name: string;
  run: () => Promise<void> /** last resort when the process is exiting */;
  sync: () => void;
};

const stack: Teardown[] = [];

export function onCleanup(t: Teardown): () => Promise<void> {
  stack.push(t);
  return async () => {
    const i = stack.indexOf(t);
    if (i < 0) return;
    stack.splice(i, 1);
    await t.run();
  };
}

export async function cleanupAll(): Promise<void> {
  while (stack.length > 0) {
    const t = stack.pop()!;
    try {
      await t.run();
    } catch (err) {
      console.error(`bench: cleanup of ${t.name} failed: ${String(err)}`);
      t.sync();
    }
  }
}

let installed = false;
/** Ctrl-C / SIGTERM: tear down, then exit; 'exit' kills whatever an async teardown could not reach. */
export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\nbench: ${signal}, cleaning up…`);
      const hard = setTimeout(() => process.exit(130), 15_000);
      void cleanupAll().finally(() => {
        clearTimeout(hard);
        process.exit(130);
      });
    });
  }
  process.once('exit', () => {
    for (const t of stack.splice(0).reverse()) t.sync();
  });
}
