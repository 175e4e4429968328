/**
 * Content script in the extension's isolated world: passes the WebSocket closes the page-world
 * observer (./websocket-observer-main.ts) reports to the background worker. The page's own scripts
 * can dispatch the same event, so nothing here is trusted: a bounded string, at most
 * CLOSES_PER_MINUTE a frame, parsed as JSON; the worker validates the fields, takes the tab from the
 * sender, and keeps only catalog hosts of studio tabs. A page can claim no more than it could cause
 * by opening and dropping its own sockets.
 */
import { browser } from "../platform/browser.js";
import { SOCKET_CLOSE_EVENT } from "./websocket-observer.js";

/** More closes than this in a minute from one frame are dropped (a reconnect loop, or a forger). */
export const CLOSES_PER_MINUTE = 60;
const MAX_DETAIL = 4096;

let windowStart = 0;
let inWindow = 0;

document.addEventListener(SOCKET_CLOSE_EVENT, (event) => {
  const detail: unknown = (event as CustomEvent<unknown>).detail;
  if (typeof detail !== "string" || detail.length > MAX_DETAIL) return;
  const now = Date.now();
  if (now - windowStart >= 60_000) {
    windowStart = now;
    inWindow = 0;
  }
  if (++inWindow > CLOSES_PER_MINUTE) return;
  let close: unknown;
  try {
    close = JSON.parse(detail);
  } catch {
    return;
  }
  // The worker may be restarting or the extension reloading; a lost close is not worth an error.
  browser.runtime.sendMessage({ type: "websocket-closed", close }).catch(() => undefined);
});
