import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * What a process needs to stop without losing work: it stops being ready (the load balancer sends
 * new requests elsewhere), lets the requests it is answering finish, and ends the long-lived event
 * streams (their clients reconnect, to another process).
 */
export class Lifecycle {
  private shuttingDown = false;
  private readonly open = new Set<ServerResponse>();

  get ready(): boolean {
    return !this.shuttingDown;
  }

  /** Tracks every response of `server` until it is finished or its connection closed. */
  track(server: Server): void {
    server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
      this.open.add(res);
      res.once('close', () => this.open.delete(res));
    });
  }

  beginShutdown(): void {
    this.shuttingDown = true;
  }

  private inFlight(): ServerResponse[] {
    return [...this.open].filter((res) => !isEventStream(res));
  }

  /**
   * Waits until no ordinary request is in flight (or `timeoutMs` passed), then ends the event
   * streams. Returns how many requests were still running at the deadline.
   */
  async drain(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const left = this.inFlight().length;
    for (const res of this.open) if (isEventStream(res)) res.end();
    return left;
  }
}

function isEventStream(res: ServerResponse): boolean {
  if (String(res.getHeader('content-type') ?? '').startsWith('text/event-stream')) return true;
  // writeHead(status, headers) on a response without earlier setHeader calls keeps its headers only
  // in the header block already written.
  const written = (res as unknown as { _header?: string | null })._header;
  return typeof written === 'string' && /\r\ncontent-type: text\/event-stream/i.test(written);
}
