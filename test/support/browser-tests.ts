/** Shared by the Chromium and Firefox suites, so neither imports the other's launcher for it. */

/** Set SKIP_BROWSER_TESTS=1 to skip the real-browser suites (e.g. on a machine without the browsers). */
export const BROWSER_TESTS_SKIPPED = process.env.SKIP_BROWSER_TESTS === "1";
