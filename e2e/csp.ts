import type { Page } from '@playwright/test';

// The server sends a Content-Security-Policy without 'unsafe-inline'; anything the browser refuses
// under it (an inline style attribute, an inline script, a foreign origin) fails the test it happened in
// (each spec: `test.afterEach(() => expect(takeCspViolations()).toEqual([]))`).
const violations: string[] = [];

export function watchCsp(page: Page): Page {
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (apply|load|execute|connect|frame)/i.test(message.text())) {
      violations.push(message.text());
    }
  });
  return page;
}

/** The violations seen since the last call (each spec checks them in `test.afterEach`). */
export function takeCspViolations(): string[] {
  return violations.splice(0);
}
