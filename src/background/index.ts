/**
 * Background entry (service worker in Chrome, event page in Firefox): everything is wired in the
 * first turn of the script, see ./worker.ts.
 */
import { CATALOG } from "../core/catalog/index.js";
import { browser } from "../platform/browser.js";
import { startWorker } from "./worker.js";

startWorker({
  api: browser,
  catalog: CATALOG,
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  fetch: (url, init) => fetch(url, init),
});
