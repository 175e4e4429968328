/** Shared by the Chromium and Firefox suites, so neither imports the other's launcher for it. */
import { onTestFinished } from "vitest";

/** Set SKIP_BROWSER_TESTS=1 to skip the real-browser suites (e.g. on a machine without the browsers). */
export const BROWSER_TESTS_SKIPPED = process.env.SKIP_BROWSER_TESTS === "1";

/**
 * Closes `page` (a Playwright or Puppeteer page, or anything else with `close()`) when the current
 * test ends, passed or failed, so a failed assertion leaves no tab (and no requests still running)
 * behind for the next test of the file. Call it right after opening the page.
 */
export function closeAfterTest(page: { close(): Promise<unknown> }): void {
  onTestFinished(async () => {
    await page.close().catch(() => undefined);
  });
}
