/**
 * Which studio session a request belongs to: a request belongs to a tab whose top
 * document is a studio page; studio's own service worker (tabId -1) to the most recently active
 * studio tab of its origin; the extension's own traffic to nobody, except its probes.
 * Facts: docs/reference/chromium-network-failures.md rows 6a, 6b and x6.
 */
import type { RequestDetails } from "../platform/api.js";
import { isOwnRequest, requestContextUrl } from "../platform/quirks.js";
import type { SessionStore, TabRecord } from "./session-store.js";
import { studioOriginOf } from "./studio-origins.js";

export type Attribution = { kind: "tab"; tabId: number } | { kind: "own" } | { kind: "none" };

/** Records what a tab's top document now is (navigation, tabs event, tabs.query): studio and its origin, or not studio. */
export function noteTopDocument(store: SessionStore, tabId: number, url: string, time: number): TabRecord {
  const record = store.touchTab(tabId);
  const origin = studioOriginOf(url);
  record.known = true;
  record.studio = origin !== undefined;
  if (origin) {
    record.origin = origin;
    record.lastActive = Math.max(record.lastActive, time);
  }
  return record;
}

/**
 * Attributes one onBeforeRequest. A main_frame request updates the tab's top document; it belongs
 * to the session when it leaves or enters studio (studio sends the tab to the Entra ID sign-in
 * page, whose DNS failure is a finding).
 */
export function attributeRequest(store: SessionStore, details: RequestDetails, ownOrigin: string): Attribution {
  if (isOwnRequest(details, ownOrigin)) return { kind: "own" };
  if (details.tabId >= 0) {
    if (details.type === "main_frame") {
      const wasStudio = store.tab(details.tabId)?.studio === true;
      const record = noteTopDocument(store, details.tabId, details.url, details.timeStamp);
      return wasStudio || record.studio ? { kind: "tab", tabId: details.tabId } : { kind: "none" };
    }
    const record = store.tab(details.tabId);
    if (record?.studio) return { kind: "tab", tabId: details.tabId };
    if (!record?.known) {
      // The worker started after the tab loaded and could not read its URL: a request from a
      // studio document or worker says what the tab shows.
      const origin = studioOriginOf(requestContextUrl(details));
      if (origin) {
        noteTopDocument(store, details.tabId, origin + "/", details.timeStamp);
        return { kind: "tab", tabId: details.tabId };
      }
    }
    return { kind: "none" };
  }
  const origin = studioOriginOf(requestContextUrl(details));
  if (!origin) return { kind: "none" };
  let best: { tabId: number; lastActive: number } | undefined;
  for (const [tabId, record] of store.tabs()) {
    if (!record.studio || record.origin !== origin) continue;
    if (!best || record.lastActive > best.lastActive) best = { tabId, lastActive: record.lastActive };
  }
  return best ? { kind: "tab", tabId: best.tabId } : { kind: "none" };
}
