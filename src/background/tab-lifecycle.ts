/**
 * What the worker does when a tab closes, navigates or comes to the front (run on the event queue):
 * forget it, note its top document (studio or not), show its badge again, mark it last active.
 */
import type { TabInfo } from "../platform/api.js";
import { noteTopDocument } from "./attribution.js";
import type { Badges } from "./badge.js";
import type { SessionStore } from "./session-store.js";
import type { TabDiagnoses } from "./tab-diagnoses.js";

export interface TabLifecycleParts {
  store: SessionStore;
  badges: Badges;
  diagnoses: TabDiagnoses;
  /** Epoch milliseconds. */
  now(): number;
}

export function tabRemoved({ store, badges }: TabLifecycleParts, tabId: number): void {
  store.removeTab(tabId);
  badges.forget(tabId);
}

export function tabUpdated(
  { store, diagnoses, now }: TabLifecycleParts,
  tabId: number,
  changeInfo: { url?: string; status?: string },
  tab: TabInfo,
): void {
  // Without a host permission for the new page the tab's URL is hidden: it is not studio.
  if (changeInfo.url !== undefined) noteTopDocument(store, tabId, changeInfo.url, now());
  else if (tab.url === undefined && store.tab(tabId)?.studio) noteTopDocument(store, tabId, "", now());
  // Chrome resets a tab's badge, title and icon when a navigation commits, after the main
  // frame's onBeforeRequest set them: the tooltip read "open Azure ML studio" on a studio tab.
  // Apply them again once the tab reports the commit.
  if (changeInfo.status !== undefined && store.tab(tabId)) diagnoses.showBadge(tabId, true);
}

export function tabActivated({ store, now }: TabLifecycleParts, tabId: number): void {
  const record = store.tab(tabId);
  if (record?.studio) {
    record.lastActive = now();
    store.touchTab(tabId);
  }
}
