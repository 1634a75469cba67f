import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface EventStream {
  close: () => void;
}

/**
 * Opens a server-sent event stream and calls `onEvent` with each event's name, parsed data and the
 * moment it arrived (performance.now(), the clock the load generator stamps sends with).
 */
export function openEventStream(
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
  onEvent: (event: string, data: unknown, at: number) => void,
): Promise<EventStream> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { ...headers, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`GET ${path} answered ${res.statusCode}`));
        res.resume();
        return;
      }
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) onEvent(event, JSON.parse(data), at);
        }
      });
      res.on('error', () => {});
      resolve({ close: () => req.destroy() });
    });
    req.on('error', reject);
  });
}
