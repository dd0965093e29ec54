import { test as base, expect, type BrowserContext, type ConsoleMessage, type Page } from '@playwright/test';

export { expect };
export type { Browser, BrowserContext, Page, Request } from '@playwright/test';

interface BrowserProblem {
  kind: 'console.error' | 'pageerror';
  url: string;
  text: string;
}

export interface ConsoleGuard {
  /**
   * Console errors a test provokes on purpose and expects (a refused call's "Failed to load resource:
   * … 401" from a try-it console, say), matched against the message or against `<kind> on <page url>: <message>`.
   * Anything else fails the test.
   */
  allow(pattern: RegExp): void;
}

function describe(problem: BrowserProblem): string {
  return `${problem.kind} on ${problem.url}: ${problem.text}`;
}

/**
 * Every spec imports `test` from here: it watches every page of the test's browser context and fails the
 * test on any console error or uncaught page error (hydration mismatches included), unless the test said
 * it expects it.
 */
export const test = base.extend<{ consoleGuard: ConsoleGuard }>({
  consoleGuard: [
    async ({ context, browser }, provide, testInfo) => {
      const problems: BrowserProblem[] = [];
      const allowed: RegExp[] = [];
      const watch = (page: Page) => {
        page.on('console', (message: ConsoleMessage) => {
          if (message.type() !== 'error') return;
          // A failed resource names the page, not the resource: keep the resource's address so a failure says which.
          const source = message.location().url;
          const text = source && source !== page.url() ? `${message.text()} (${source})` : message.text();
          problems.push({ kind: 'console.error', url: page.url(), text });
        });
        page.on('pageerror', (error) => problems.push({ kind: 'pageerror', url: page.url(), text: `${error.name}: ${error.message}` }));
      };
      const watchContext = (watched: BrowserContext) => {
        watched.pages().forEach(watch);
        watched.on('page', watch);
      };
      watchContext(context);
      // Contexts a test opens itself (a second user) are watched too, and closed when it ends: the worker's
      // browser outlives the test, and a page left open (a live usage stream, a polling dashboard) went on
      // rendering and fetching through every later test of the worker.
      const newContext = browser.newContext.bind(browser);
      const opened: BrowserContext[] = [];
      browser.newContext = async (...args: Parameters<typeof newContext>) => {
        const created = await newContext(...args);
        opened.push(created);
        watchContext(created);
        return created;
      };
      let logged = 0;
      try {
        await provide({ allow: (pattern) => allowed.push(pattern) });
      } finally {
        browser.newContext = newContext;
        // What the test's pages logged; closing them may log requests it aborts.
        logged = problems.length;
        await Promise.all(opened.map((c) => c.close().catch(() => {})));
      }
      // A pattern matches the message, or the message with the page it came from (`describe`), so that an
      // expected error can be pinned to its page.
      const unexpected = problems.slice(0, logged).filter((p) => !allowed.some((pattern) => pattern.test(p.text) || pattern.test(describe(p))));
      if (unexpected.length > 0) {
        await testInfo.attach('browser-errors', { body: unexpected.map(describe).join('\n'), contentType: 'text/plain' });
      }
      expect(unexpected.map(describe), 'the browser logged errors').toEqual([]);
    },
    { auto: true },
  ],
});
